from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cases.models import CaseIndexPage, CasePage, GuidancePage, LibraryPage
from home.models import HomePage, PolicyPage, StandardPage

from .forms import case_form_data, guidance_form_data, index_form_data


# Wagtail signs its own superuser in for each check; two-step sign-in has its own tests
# (tests/home/test_admin_accounts.py).
@override_settings(TWO_FACTOR_REQUIRED_FOR_SUPERUSERS=False)
class LibraryPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from cases import launch_content as library_content
        from home import launch_content

        log = launch_content.ContentLog(lambda line: None)
        launch_content.load(log)
        cls.library = library_content.load(log, demo=True)
        cls.case = CasePage.objects.get(slug="fast-plads-i-koekkenet")
        cls.guidance = GuidancePage.objects.get()

    def setUp(self):
        self.login()

    def test_the_library_sits_under_the_home_page_only_once(self):
        self.assertAllowedParentPageTypes(CaseIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, CaseIndexPage)
        # max_count = 1: with the library in place, no second one.
        self.assertFalse(CaseIndexPage.can_create_at(self.library.get_parent()))
        self.assertCanNotCreateAt(StandardPage, CaseIndexPage)

    def test_the_library_holds_cases_and_guidance(self):
        self.assertAllowedSubpageTypes(CaseIndexPage, {CasePage, GuidancePage})
        self.assertCanCreateAt(CaseIndexPage, CasePage)
        self.assertCanCreateAt(CaseIndexPage, GuidancePage)

    def test_cases_and_guidance_are_leaves_only_in_the_library(self):
        for page_type in (CasePage, GuidancePage):
            self.assertAllowedParentPageTypes(page_type, {CaseIndexPage})
            self.assertAllowedSubpageTypes(page_type, {})
            self.assertCanNotCreateAt(HomePage, page_type)
            self.assertCanNotCreateAt(PolicyPage, page_type)

    def test_the_shared_base_is_not_creatable(self):
        self.assertFalse(LibraryPage.is_creatable)
        self.assertCanNotCreateAt(CaseIndexPage, LibraryPage)
        self.assertCanNotCreateAt(Page, LibraryPage)

    def test_pages_render_edit_and_preview(self):
        for page, data in (
            (self.library, index_form_data(self.library)),
            (self.case, case_form_data(self.case.title, self.case.slug)),
            (self.guidance, guidance_form_data(self.guidance)),
        ):
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=data)
                self.assertPageIsPreviewable(page, post_data=data)

    def test_value_route_renders(self):
        self.assertPageIsRenderable(self.library, route_path="/vaerdi/tillid/")
        self.assertPageIsRenderable(self.library, route_path="/feed/")
        self.assertPageIsRenderable(self.library, route_path="/vaerdi/findes-ikke/", accept_404=True)

    def test_an_image_in_the_story_needs_alt_text(self):
        from django.core.exceptions import ValidationError

        from cases.blocks import CaseStoryBlock

        block = CaseStoryBlock().child_blocks["image"]
        with self.assertRaises(ValidationError):
            block.clean({"image": None, "alt_text": "", "caption": ""})
