from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, PolicyPage, StandardPage


# Wagtail signs its own superuser in for each check; two-step sign-in has its own tests
# (tests/home/test_admin_accounts.py).
@override_settings(TWO_FACTOR_REQUIRED_FOR_SUPERUSERS=False)
class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from home import launch_content

        launch_content.load(launch_content.ContentLog(lambda line: None))
        cls.home = HomePage.objects.get()
        cls.policy = PolicyPage.objects.get()
        cls.standard = StandardPage.objects.get(slug="om-sitet")

    def setUp(self):
        self.login()

    def form_data(self, page):
        """What an editor submits for each page type (StreamFields cannot be guessed)."""
        if isinstance(page, HomePage):
            fields = {
                "introduction": rich_text("<p>Velkommen</p>"),
                "featured": streamfield([("page", {"page": self.standard.pk, "text": ""})]),
            }
        elif isinstance(page, PolicyPage):
            fields = {
                "issuing_organisation": "Faxe Kommune",
                "approved_by": "Byrådet",
                "approved_on": "2011-06-22",
                "lead": "Sigte.",
                "sections": streamfield(
                    [("section", {"heading": "Formål", "body": rich_text("<p>Formålet</p>")})]
                ),
                "values_heading": "Værdier",
                "values_intro": "",
            }
        else:
            fields = {
                "lead": "Kort om sitet.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Baggrund", "level": "h2"}),
                        ("paragraph", rich_text("<p>Tekst</p>")),
                        ("quote", {"text": "Citat", "attribution": "Leder"}),
                        ("call_to_action", {"text": "Læs mere", "page": self.policy.pk, "url": ""}),
                    ]
                ),
            }
        return nested_form_data({"title": page.title, "slug": page.slug, **fields})

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_home_page_children(self):
        """Home names only its own page types; the library and the conferences name the home
        page as their parent, and nothing else may go under it."""
        from cases.models import CaseIndexPage
        from conferences.models import ConferenceIndexPage

        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, PolicyPage, CaseIndexPage, ConferenceIndexPage}
        )
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, PolicyPage)

    def test_policy_page_is_a_leaf(self):
        self.assertAllowedSubpageTypes(PolicyPage, {})
        self.assertCanNotCreateAt(StandardPage, PolicyPage)

    def test_standard_pages_nest(self):
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_pages_render_edit_and_preview(self):
        for page in (self.home, self.policy, self.standard):
            with self.subTest(page=page.title):
                data = self.form_data(page)
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=data)
                self.assertPageIsPreviewable(page, post_data=data)

    def test_call_to_action_needs_a_page_or_an_address(self):
        from django.core.exceptions import ValidationError

        from home.blocks import CallToActionBlock

        with self.assertRaises(ValidationError):
            CallToActionBlock().clean({"text": "Læs", "page": None, "url": ""})
