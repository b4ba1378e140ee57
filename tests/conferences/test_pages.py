"""Conference page types in the admin, the index, the home page section and the launch content."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from conferences import launch_content
from conferences import registration as service
from conferences.models import ConferenceIndexPage, ConferencePage
from home.models import HomePage, Speaker, StandardPage

from .conftest import register_data


# Wagtail signs its own superuser in for each check; two-step sign-in has its own tests
# (tests/home/test_admin_accounts.py).
@override_settings(TWO_FACTOR_REQUIRED_FOR_SUPERUSERS=False)
class ConferencePageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from home import launch_content as home_content

        log = home_content.ContentLog(lambda line: None)
        home_content.load(log)
        launch_content.load(log)
        cls.index = ConferenceIndexPage.objects.get()
        cls.conference = ConferencePage.objects.get(slug="aarhus")
        cls.speaker = Speaker.objects.create(name="Anne Berg", organisation="KL")

    def setUp(self):
        self.login()

    def conference_form_data(self, **overrides):
        fields = {
            "title": "Rummelighed i praksis",
            "slug": "aarhus",
            "theme": "Rummelighed",
            "introduction": rich_text("<p>Om dagen</p>"),
            "organisers": "KL og Forhandlingsfællesskabet",
            "target_audience": "",
            "city": "Aarhus",
            "venue_name": "",
            "venue_address": "",
            "map_url": "",
            "date": "2027-06-02",
            "start_time": "10:00",
            "end_time": "15:00",
            "accessibility": "",
            "food": "",
            "price": "Gratis",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "programme": streamfield(
                [
                    (
                        "item",
                        {
                            "start": "10:00",
                            "end": "",
                            "title": "Velkomst",
                            "kind": "talk",
                            "room": "Sal A",
                            "description": "",
                            "speakers": streamfield([("item", str(self.speaker.pk))]),
                            "materials": {"slides": "", "video_url": "", "transcript": ""},
                        },
                    ),
                    (
                        "workshop_slot",
                        {
                            "start": "13:00",
                            "end": "14:00",
                            "title": "Workshops",
                            "workshops": streamfield(
                                [
                                    (
                                        "item",
                                        {
                                            "title": "Jobmatch",
                                            "description": "",
                                            "room": "",
                                            "speakers": streamfield([]),
                                            "capacity": "30",
                                            "materials": {"slides": "", "video_url": "", "transcript": ""},
                                        },
                                    )
                                ]
                            ),
                        },
                    ),
                ]
            ),
            "registration_opens": "2027-03-20 09:00",
            "registration_closes": "2027-06-01 12:00",
            "capacity": "150",
            "waiting_list_enabled": "on",
            "reminder_days_before": "7",
            "retention_days": "30",
            "consent_text": "Samtykke.",
        }
        fields.update(overrides)
        return nested_form_data(fields)

    def test_index_sits_under_the_home_page_and_holds_conferences(self):
        self.assertAllowedParentPageTypes(ConferenceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ConferenceIndexPage, {ConferencePage})
        self.assertCanCreateAt(HomePage, ConferenceIndexPage)
        self.assertCanNotCreateAt(StandardPage, ConferenceIndexPage)

    def test_conference_is_a_leaf_under_the_index(self):
        self.assertAllowedParentPageTypes(ConferencePage, {ConferenceIndexPage})
        self.assertAllowedSubpageTypes(ConferencePage, {})
        self.assertCanCreateAt(ConferenceIndexPage, ConferencePage)

    def test_pages_render_edit_and_preview(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsEditable(
            self.index,
            post_data=nested_form_data(
                {"title": "Konferencer", "slug": "konferencer", "introduction": rich_text("<p>Om</p>")}
            ),
        )
        self.assertPageIsPreviewable(self.index)
        data = self.conference_form_data()
        self.assertPageIsRenderable(self.conference)
        self.assertPageIsEditable(self.conference, post_data=data)
        self.assertPageIsPreviewable(self.conference, post_data=data)
        for route in ("kalender/", "tilmelding/"):
            self.assertPageIsRenderable(self.conference, route)

    def test_the_editor_form_refuses_an_end_before_the_start(self):
        before = self.conference.end_time
        response = self.client.post(
            f"/admin/pages/{self.conference.pk}/edit/",
            self.conference_form_data(start_time="15:00", end_time="10:00"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Konferencen skal slutte efter, at den begynder.")
        self.conference.refresh_from_db()
        self.assertEqual(self.conference.end_time, before)

    def test_the_editor_form_refuses_a_registration_window_that_closes_before_it_opens(self):
        response = self.client.post(
            f"/admin/pages/{self.conference.pk}/edit/",
            self.conference_form_data(
                registration_opens="2027-05-01 09:00", registration_closes="2027-04-01 09:00"
            ),
        )
        self.assertContains(response, "Tilmeldingen skal lukke efter, at den åbner.")

    def test_the_editor_form_refuses_registration_closing_after_the_start(self):
        response = self.client.post(
            f"/admin/pages/{self.conference.pk}/edit/",
            self.conference_form_data(registration_closes="2027-06-02 11:00"),
        )
        self.assertContains(response, "Tilmeldingen skal lukke, senest når konferencen begynder.")

    def test_a_published_workshop_gets_a_row(self):
        response = self.client.post(
            f"/admin/pages/{self.conference.pk}/edit/", {**self.conference_form_data(), "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 302)
        workshop = self.conference.workshops.get()
        self.assertEqual((workshop.title, workshop.capacity), ("Jobmatch", 30))


@pytest.mark.django_db
def test_launch_content_creates_both_conferences_open_for_registration(launch_content):
    out = StringIO()
    call_command("load_site_content", stdout=out)
    index = ConferenceIndexPage.objects.get()
    assert index.url == "/konferencer/" and index.show_in_menus
    conferences = {c.city: c for c in ConferencePage.objects.live()}
    assert set(conferences) == {"København", "Aarhus"}
    today = timezone.localdate()
    kbh, aarhus = conferences["København"], conferences["Aarhus"]
    assert (kbh.date.month, kbh.date.day, aarhus.date.month, aarhus.date.day) == (5, 8, 6, 2)
    assert kbh.date.year == aarhus.date.year and kbh.date > today
    for conference in (kbh, aarhus):
        assert conference.title == "Rummelighed i praksis"
        assert conference.organisers == "KL og Forhandlingsfællesskabet"
        assert (conference.capacity, conference.waiting_list_enabled) == (150, True)
        assert (conference.venue_name, conference.venue_address) == ("", "")
        assert conference.registration_state().key == "open"
        assert [b.block_type for b in conference.programme] == ["item"] * 4
        assert all(not b.value["speakers"] for b in conference.programme)

    before = list(Page.objects.values_list("path", "title", "live"))
    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert "intet ændret" in out.getvalue()
    assert list(Page.objects.values_list("path", "title", "live")) == before


@pytest.mark.django_db
def test_year_2017_gives_the_original_dates(home_page):
    call_command("load_site_content", "--year", "2017", stdout=StringIO())
    dates = sorted(ConferencePage.objects.values_list("date", flat=True))
    assert dates == [datetime.date(2017, 5, 8), datetime.date(2017, 6, 2)]
    assert all(c.registration_state().key == "past" for c in ConferencePage.objects.all())


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2026, 11, 24), 2028),  # 2027 has both dates ahead, but 8 May 2027 is a Saturday
        (datetime.date(2028, 5, 6), 2028),
        (datetime.date(2028, 5, 7), 2034),  # København's registration closes today: the next Monday 8 May
        (datetime.date(2022, 12, 31), 2023),
    ],
)
def test_the_conference_year_has_both_dates_ahead_on_the_original_weekdays(today, year):
    specs = launch_content.read_content(launch_content.CONTENT_FILE)["conferences"]
    assert launch_content.conference_year(specs, today=today) == year
    copenhagen, aarhus = (datetime.date(year, spec["month"], spec["day"]) for spec in specs)
    assert (copenhagen.strftime("%A"), aarhus.strftime("%A")) == ("Monday", "Friday")


@pytest.mark.django_db
def test_index_lists_upcoming_with_state_and_the_archive_in_constant_queries(
    client, make_conference, django_assert_max_num_queries
):
    now = timezone.now()
    open_one = make_conference(slug="aarhus", capacity=1)
    make_conference(
        slug="odense",
        city="Odense",
        registration_opens=now + datetime.timedelta(days=5),
    )
    make_conference(
        slug="gammel",
        city="Vejle",
        date=(now - datetime.timedelta(days=400)).date(),
        registration_opens=now - datetime.timedelta(days=500),
        registration_closes=now - datetime.timedelta(days=401),
    )
    service.register(open_one, register_data(open_one), form_token="t")

    client.get("/konferencer/")  # warm Wagtail's site cache
    with django_assert_max_num_queries(12):
        html = client.get("/konferencer/").content.decode()
    upcoming, archive = html.split('id="archive-heading"')
    assert "Aarhus" in upcoming and "Fuldt – venteliste" in upcoming
    assert "Odense" in upcoming and "Tilmelding ikke åben endnu" in upcoming
    assert "Vejle" in archive and "Vejle" not in upcoming

    for i in range(4):
        make_conference(slug=f"ekstra-{i}", city=f"By {i}")
    with django_assert_max_num_queries(12):
        client.get("/konferencer/")


@pytest.mark.django_db
def test_home_page_shows_upcoming_conferences_in_constant_queries(
    client, make_conference, django_assert_max_num_queries
):
    make_conference(slug="aarhus")
    client.get("/")
    with django_assert_max_num_queries(20) as first:
        html = client.get("/").content.decode()
    assert 'id="conferences-heading"' in html and "Rummelighed i praksis, Aarhus" in html
    assert "Tilmelding åben" in html
    make_conference(slug="odense", city="Odense")
    make_conference(slug="vejle", city="Vejle")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/")


@pytest.mark.django_db
def test_conference_page_shows_facts_programme_and_map_link(client, conference):
    html = client.get(conference.url).content.decode()
    assert "Musikhuset, Thomas Jensens Allé 2, 8000 Aarhus C" in html
    assert "https://www.openstreetmap.org/search?query=" in html
    speakers = BeautifulSoup(html, "html.parser").select(".programme-speakers li")
    assert [" ".join(li.get_text().split()) for li in speakers] == ["Anne Berg, Direktør, KL"]
    assert speakers[0].a["href"] == Speaker.objects.get(name="Anne Berg").get_absolute_url()
    assert 'href="/konferencer/aarhus/tilmelding/"' in html
    assert "<iframe" not in html
