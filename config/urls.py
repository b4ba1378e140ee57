from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cases.api import api_router
from home import page_routes
from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("soeg/", home_views.search, name="search"),
    path("del-din-erfaring/", include("cases.urls")),
    path("indtjekning/", include("conferences.urls")),
    path("oplaegsholdere/<int:pk>/", home_views.speaker, name="speaker"),
    path("was", home_views.accessibility_statement_redirect, name="was"),
    path("was/", home_views.accessibility_statement_redirect),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", home_views.security_txt, name="security_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages: Wagtail's serve view with each process remembering where an address leads
# (home.page_routes); Wagtail's own URLs after it (its pattern still names page URLs).
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, page_routes.serve),
    path("", include(wagtail_urls)),
]
