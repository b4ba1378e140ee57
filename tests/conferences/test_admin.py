"""The organisers' admin: listing, export, actions with log entries, check-in, dashboard, and
who may see registrations at all."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail
from wagtail.models import GroupPagePermission, ModelLogEntry

from conferences import registration as service
from conferences.models import Registration, Workshop
from tests.conftest import pass_two_step

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]

INDEX = "/admin/tilmeldinger/"


def register(conference, email, **overrides):
    return service.register(
        conference, register_data(conference, email=email, **overrides), form_token=email
    ).registration


def edit_form(registration, **changes):
    """What the organisers' edit form posts for a registration, with `changes`."""
    fields = ("name", "email", "organisation", "municipality", "role", "dietary_needs", "accessibility_needs")
    return {**{field: getattr(registration, field) for field in fields}, **changes}


@pytest.fixture
def organiser(django_user_model):
    """A member of Konferenceansvarlige, the group the data migration creates."""
    user = django_user_model.objects.create_user("arrangoer", "a@kl.dk", "x")
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


def editor_group(name, home_page):
    """Redaktører or Moderatorer as the library's migration makes them: page permissions and admin access."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=Permission.objects.get(codename=codename)
        )
    return group


@pytest.fixture
def full_conference(make_conference):
    conference = make_conference(capacity=2, programme=[workshop_slot(capacity=1, titles=("A", "B"))])
    a, _ = Workshop.objects.filter(conference=conference).order_by("sort_order")
    people = {
        "anna": register(conference, "anna@example.dk", name="Anna Berg", workshops=[a.pk]),
        "bo": register(conference, "bo@example.dk", name="Bo Ask", workshops=[a.pk]),
        "cai": register(conference, "cai@example.dk", name="Cai Dahl", workshops=[a.pk]),
        "dan": register(conference, "dan@example.dk", name="Dan Eng", workshops=[a.pk]),
    }
    return conference, people


def test_konferenceansvarlige_may_view_change_and_export_and_nothing_else():
    group = Group.objects.get(name="Konferenceansvarlige")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert {c for c in codenames if c.endswith("_registration")} == {
        "view_registration",
        "change_registration",
        "export_registration",
    }
    # Pages are theirs only in the conference section (page permissions there, not site-wide).
    assert not {c for c in codenames if "page" in c}


def test_the_listing_shows_status_waiting_position_and_time(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    sign_in(client, organiser)
    response = client.get(INDEX, {"conference": conference.pk})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {
        row.select_one("td a, td").get_text(strip=True): [
            td.get_text(" ", strip=True) for td in row.select("td")
        ]
        for row in soup.select("tbody tr")
    }
    anna = next(cells for name, cells in rows.items() if "Anna Berg" in name)
    assert "Bekræftet" in anna
    dan = next(cells for name, cells in rows.items() if "Dan Eng" in name)
    assert "Venteliste" in dan and "2" in dan  # second in line after Cai


def test_listing_filters_and_search(client, organiser, full_conference, make_conference, sign_in):
    conference, people = full_conference
    other = make_conference(slug="kbh", city="København")
    register(other, "eva@example.dk", name="Eva Falk")
    sign_in(client, organiser)
    waiting = client.get(INDEX, {"status": "waiting"}).content.decode()
    assert "Cai Dahl" in waiting and "Dan Eng" in waiting and "Anna Berg" not in waiting
    only_other = client.get(INDEX, {"conference": other.pk}).content.decode()
    assert "Eva Falk" in only_other and "Anna Berg" not in only_other
    searched = client.get(INDEX, {"q": "bo@example"}).content.decode()
    assert "Bo Ask" in searched and "Anna Berg" not in searched


def test_the_listing_runs_a_constant_number_of_queries(
    client, organiser, make_conference, django_assert_max_num_queries, sign_in
):
    conference = make_conference(capacity=3, programme=[workshop_slot(capacity=50)])
    workshop = Workshop.objects.filter(conference=conference).first()
    for i in range(12):
        register(conference, f"p{i}@example.dk", workshops=[workshop.pk])
    sign_in(client, organiser)
    client.get(INDEX)  # warm caches (content types, site)
    with django_assert_max_num_queries(25):
        assert client.get(INDEX).status_code == 200


def export_rows(client, fmt):
    response = client.get(INDEX, {"export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        # As Danish Excel reads it: UTF-8 with a byte order mark, `;` between fields.
        raw = b"".join(response.streaming_content)
        assert raw.startswith(b"\xef\xbb\xbf")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell if cell is not None else "" for cell in row] for row in workbook.active.values]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_has_every_answer_and_neutralised_formulas(
    client, organiser, make_conference, fmt, sign_in
):
    conference = make_conference(programme=[workshop_slot(titles=("Jobmatch",))])
    workshop = Workshop.objects.get(conference=conference)
    register(
        conference,
        "mette@example.dk",
        name='=HYPERLINK("http://evil.example","klik")',
        organisation="+45 Kommune",
        dietary_needs="-2+3",
        accessibility_needs="@SUM(A1)",
        workshops=[workshop.pk],
    )
    sign_in(client, organiser)
    header, row = export_rows(client, fmt)
    cells = dict(zip(header, row, strict=True))
    assert header[:6] == ["Konference", "By", "Dato", "Status", "Ventelisteplads", "Navn"]
    assert cells["Navn"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert cells["Arbejdsplads"] == "'+45 Kommune"
    assert cells["Kosthensyn"] == "'-2+3"
    assert cells["Behov for tilgængelighed"] == "'@SUM(A1)"
    assert cells["E-mail"] == "mette@example.dk"
    assert cells["Kommune"] == "Aarhus Kommune" and cells["Rolle"] == "Leder"
    assert cells["Workshops"] == "Workshops kl. 13.00: Jobmatch (plads)"
    assert cells["Samtykketekst"] == conference.consent_text
    assert cells["Status"] == "Bekræftet"


def test_cancel_action_promotes_mails_and_is_logged(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    sign_in(client, organiser)
    url = f"{INDEX}handling/cancel/{people['anna'].pk}/"
    assert "Vil du afmelde Anna Berg?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    people["anna"].refresh_from_db()
    people["cai"].refresh_from_db()
    assert people["anna"].status == "cancelled" and people["cai"].status == "confirmed"
    entry = ModelLogEntry.objects.get(action="conferences.cancel")
    assert entry.user == organiser and entry.object_id == str(people["anna"].pk)
    history = client.get(f"{INDEX}history/{people['anna'].pk}/").content.decode()
    assert "Afmeldt af arrangør" in history
    mail.outbox.clear()
    run_mail_queue()
    assert {m.to[0] for m in mail.outbox} >= {"anna@example.dk", "cai@example.dk"}


def _registered_at(registration, moment):
    Registration.objects.filter(pk=registration.pk).update(
        created_at=moment, consented_at=moment, confirmed_at=moment
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_has_danish_local_times_and_a_sheet_per_conference(
    client, organiser, make_conference, fmt, sign_in
):
    import datetime

    conference = make_conference()
    registration = register(conference, "mette@example.dk")
    # 9.30 UTC on a winter day is 10.30 in Denmark; 9.30 UTC in summer is 11.30.
    _registered_at(registration, datetime.datetime(2026, 1, 15, 9, 30, tzinfo=datetime.UTC))
    Registration.objects.filter(pk=registration.pk).update(
        checked_in_at=datetime.datetime(2026, 6, 15, 9, 30, tzinfo=datetime.UTC)
    )
    sign_in(client, organiser)
    header, row = export_rows(client, fmt)
    cells = dict(zip(header, row, strict=True))
    if fmt == "csv":
        assert cells["Tilmeldt"] == "15-01-2026 10:30"
        assert cells["Mødt op"] == "15-06-2026 11:30"
        assert cells["Dato"] == f"{conference.date:%d-%m-%Y}"
    else:
        assert cells["Tilmeldt"] == datetime.datetime(2026, 1, 15, 10, 30)
        assert cells["Mødt op"] == datetime.datetime(2026, 6, 15, 11, 30)


def test_the_xlsx_export_has_one_sheet_per_conference_named_after_it(
    client, organiser, make_conference, sign_in
):
    aarhus = make_conference()
    copenhagen = make_conference(slug="kbh", city="København", title="Rummelighed i praksis")
    register(aarhus, "a@example.dk", name="Anna")
    register(copenhagen, "b@example.dk", name="Bo")
    sign_in(client, organiser)
    response = client.get(INDEX, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    # The title is cut at a word so that city and date fit Excel's 31 characters.
    aarhus_sheet = f"Rummelighed i Aarhus {aarhus.date:%d.%m.%y}"
    copenhagen_sheet = f"Rummelighed København {copenhagen.date:%d.%m.%y}"
    assert sorted(workbook.sheetnames) == sorted([aarhus_sheet, copenhagen_sheet])
    names = {
        sheet.title: [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] for sheet in workbook
    }
    assert names[aarhus_sheet] == ["Anna"]


def test_the_listing_and_inspect_view_show_danish_time_workshops_and_the_conference(
    client, organiser, make_conference, sign_in
):
    import datetime

    conference = make_conference(programme=[workshop_slot(capacity=1, titles=("Jobmatch", "Ledelse"))])
    jobmatch, ledelse = Workshop.objects.filter(conference=conference).order_by("sort_order")
    anna = register(conference, "anna@example.dk", name="Anna Berg", workshops=[jobmatch.pk])
    bo = register(conference, "bo@example.dk", name="Bo Ask", workshops=[jobmatch.pk])
    register(conference, "cai@example.dk", name="Cai Dahl", workshops=[ledelse.pk])
    _registered_at(anna, datetime.datetime(2026, 1, 15, 9, 30, tzinfo=datetime.UTC))
    sign_in(client, organiser)

    page = BeautifulSoup(client.get(INDEX, {"workshop": jobmatch.pk}).content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert len(rows) == 2 and all("Cai Dahl" not in row for row in rows)
    assert any("Anna Berg" in row and "15.01.2026 10.30" in row and "Jobmatch" in row for row in rows)
    assert any("Bo Ask" in row and "Jobmatch (venteliste)" in row for row in rows)
    option = page.find("select", attrs={"name": "workshop"}).find("option", attrs={"value": str(jobmatch.pk)})
    assert option.get_text(strip=True) == f"Jobmatch (Aarhus, {conference.date:%d.%m.%Y})"

    details = BeautifulSoup(client.get(f"{INDEX}inspect/{anna.pk}/").content, "html.parser")
    text = details.find("main").get_text(" ", strip=True)
    assert f"Rummelighed i praksis, Aarhus ({conference.date:%d.%m.%Y})" in text
    assert "15. januar 2026 kl. 10.30" in text
    assert bo.pk  # Bo queues for Jobmatch behind Anna


def test_move_up_needs_a_free_seat(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    sign_in(client, organiser)
    url = f"{INDEX}handling/promote/{people['dan'].pk}/"
    response = client.post(url, follow=True)
    assert "Der er ingen ledig plads" in response.content.decode()
    assert "Hæv antallet af pladser på konferencesiden" in response.content.decode()
    # One click from the message to the field: the conference's page editor, which is theirs.
    message = BeautifulSoup(response.content, "html.parser").find(class_="messages")
    link = message.find("a", string="Ret pladserne på konferencesiden")
    assert link["href"] == f"/admin/pages/{conference.pk}/edit/"
    editor = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert editor.find("input", attrs={"name": "capacity", "value": "2"})
    people["dan"].refresh_from_db()
    assert people["dan"].status == "waiting"
    assert not ModelLogEntry.objects.filter(action="conferences.promote").exists()

    conference.capacity = 3  # the capacity raised (the editor: test_organiser_editing): Cai waited longest
    conference.save_revision().publish()
    people["cai"].refresh_from_db()
    assert (people["cai"].status, people["cai"].seat) == ("confirmed", 3)
    response = client.post(url, follow=True)
    assert "Der er ingen ledig plads" in response.content.decode()
    people["dan"].refresh_from_db()
    assert people["dan"].status == "waiting"


def test_the_refusal_links_to_the_editor_only_for_those_who_may_edit_the_page(
    client, django_user_model, full_conference, sign_in
):
    conference, people = full_conference
    user = django_user_model.objects.create_user("r", "r@example.dk", "x")  # registrations only
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_registration", "change_registration"])
    )
    sign_in(client, user)
    response = client.post(f"{INDEX}handling/promote/{people['dan'].pk}/", follow=True)
    message = BeautifulSoup(response.content, "html.parser").find(class_="messages")
    assert "Hæv antallet af pladser på konferencesiden" in message.get_text()
    assert message.find("a", href=f"/admin/pages/{conference.pk}/edit/") is None
    assert client.get(f"/admin/pages/{conference.pk}/edit/").status_code == 302


def test_moving_up_out_of_turn_needs_a_reason_that_is_logged(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    # A seat left free by a change that went around the page (data from before the queue rule):
    type(conference).objects.filter(pk=conference.pk).update(capacity=3)
    sign_in(client, organiser)
    url = f"{INDEX}handling/promote/{people['dan'].pk}/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.find("textarea", attrs={"name": "reason", "required": True})
    assert "Begrundelse for at springe 1 over" in page.get_text()

    response = client.post(url, {"reason": "  "}, follow=True)
    assert "Cai Dahl har ventet længere" in response.content.decode()
    people["dan"].refresh_from_db()
    assert people["dan"].status == "waiting"

    client.post(url, {"reason": "Dan er oplægsholder på workshop A"})
    people["dan"].refresh_from_db()
    assert (people["dan"].status, people["dan"].seat) == ("confirmed", 3)
    entry = ModelLogEntry.objects.get(action="conferences.promote")
    assert entry.user == organiser
    assert entry.data["reason"] == "Dan er oplægsholder på workshop A"
    history = client.get(f"{INDEX}history/{people['dan'].pk}/").content.decode()
    assert "uden for tur foran 1 andre. Begrundelse: Dan er oplægsholder på workshop A" in history


def test_the_first_in_line_moves_up_without_a_reason(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    type(conference).objects.filter(pk=conference.pk).update(capacity=3)
    sign_in(client, organiser)
    url = f"{INDEX}handling/promote/{people['cai'].pk}/"
    assert b'name="reason"' not in client.get(url).content
    client.post(url)
    people["cai"].refresh_from_db()
    assert (people["cai"].status, people["cai"].seat) == ("confirmed", 3)


def test_resend_confirmation_queues_the_mail_and_is_logged(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    sign_in(client, organiser)
    run_mail_queue()
    mail.outbox.clear()
    client.post(f"{INDEX}handling/resend/{people['bo'].pk}/")
    run_mail_queue()
    [message] = mail.outbox
    assert message.to == ["bo@example.dk"] and message.subject.startswith("Du er tilmeldt")
    assert ModelLogEntry.objects.filter(action="conferences.resend_confirmation").count() == 1


def test_an_organisers_edit_is_logged_and_respects_the_one_address_rule(
    client, organiser, full_conference, sign_in
):
    conference, people = full_conference
    sign_in(client, organiser)
    anna = people["anna"]
    data = edit_form(anna, name="Anna Berg-Holm", email="bo@example.dk")
    taken = client.post(f"{INDEX}edit/{anna.pk}/", data)
    assert (
        "Der er allerede en aktiv tilmelding til konferencen med denne e-mailadresse."
        in taken.content.decode()
    )
    data["email"] = "anna.holm@example.dk"
    assert client.post(f"{INDEX}edit/{anna.pk}/", data).status_code == 302
    anna.refresh_from_db()
    assert (anna.name, anna.email) == ("Anna Berg-Holm", "anna.holm@example.dk")
    assert ModelLogEntry.objects.filter(action="wagtail.edit", user=organiser).exists()


def test_a_cancellation_while_an_organiser_saves_an_edit_is_not_undone(
    client, organiser, full_conference, monkeypatch
):
    """Anna cancels (and Cai gets her seat) while the organiser's save of her form is under way:
    the save changes her name only, so Anna stays cancelled and Cai keeps the seat."""
    from conferences.forms import RegistrationAdminForm

    conference, people = full_conference
    anna, cai = people["anna"], people["cai"]
    check_email = RegistrationAdminForm.clean_email

    def anna_cancels_meanwhile(form):
        service.cancel(anna)
        return check_email(form)

    monkeypatch.setattr(RegistrationAdminForm, "clean_email", anna_cancels_meanwhile)
    pass_two_step(client, organiser)
    response = client.post(f"{INDEX}edit/{anna.pk}/", edit_form(anna, name="Anna Berg-Holm"))
    assert response.status_code == 302
    anna.refresh_from_db()
    cai.refresh_from_db()
    assert (anna.name, anna.status, anna.seat) == ("Anna Berg-Holm", "cancelled", None)
    assert (cai.status, cai.seat) == ("confirmed", 1)


def test_an_address_taken_after_the_form_checked_it_gets_the_danish_message(
    client, organiser, full_conference, monkeypatch
):
    """The database's one-address rule catches what the form's own check came too late for."""
    from conferences.forms import RegistrationAdminForm

    conference, people = full_conference
    anna = people["anna"]
    pass_two_step(client, organiser)
    monkeypatch.setattr(RegistrationAdminForm, "clean_email", lambda form: form.cleaned_data["email"])
    response = client.post(f"{INDEX}edit/{anna.pk}/", edit_form(anna, email="bo@example.dk"))
    assert response.status_code == 200
    assert "Der er allerede en aktiv tilmelding til konferencen med denne e-mailadresse." in (
        response.content.decode()
    )
    anna.refresh_from_db()
    assert anna.email == "anna@example.dk"


def test_nobody_can_add_or_delete_registrations_in_the_admin(admin_client, full_conference):
    conference, people = full_conference
    # Wagtail answers a denied admin view with a redirect and a message.
    assert admin_client.get(f"{INDEX}new/").status_code in (302, 403)
    assert admin_client.post(f"{INDEX}new/", {"name": "X"}).status_code in (302, 403)
    assert admin_client.post(f"{INDEX}delete/{people['anna'].pk}/").status_code in (302, 403)
    assert Registration.objects.count() == 4
    listing = admin_client.get(INDEX).content.decode()
    assert f"{INDEX}new/" not in listing and f"{INDEX}delete/" not in listing


def test_check_in_records_who_came_and_logs_it(client, organiser, full_conference, sign_in):
    conference, people = full_conference
    sign_in(client, organiser)
    url = f"{INDEX}indtjekning/{conference.pk}/"
    page = client.get(url).content.decode()
    assert page.index("Anna Berg") < page.index("Bo Ask")  # sorted by name
    assert "Cai Dahl" not in page  # only confirmed participants
    client.post(url, {"registration": people["bo"].pk, "came": "1"})
    people["bo"].refresh_from_db()
    assert people["bo"].checked_in_at is not None
    assert ModelLogEntry.objects.get(action="conferences.check_in").user == organiser
    client.post(url, {"registration": people["bo"].pk, "came": "0"})
    people["bo"].refresh_from_db()
    assert people["bo"].checked_in_at is None


def test_the_printable_list_has_names_sorted_needs_and_a_box(client, organiser, make_conference, sign_in):
    conference = make_conference()
    register(conference, "z@example.dk", name="Åse Øst", dietary_needs="Vegansk")
    register(conference, "a@example.dk", name="Bent Ahl", accessibility_needs="Kørestol")
    sign_in(client, organiser)
    response = client.get(f"{INDEX}indtjekning/{conference.pk}/udskriv/")
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in soup.select("tbody tr")]
    assert [row[1] for row in rows] == ["Bent Ahl", "Åse Øst"]
    assert rows[0][2] == "Hjemmeplejen Syd" and rows[0][6] == "Kørestol" and rows[1][5] == "Vegansk"
    assert rows[0][3] == "Aarhus Kommune"
    assert len(soup.select("td.box span")) == 2


def test_the_dashboard_panel_shows_seats_waiting_workshops_and_days(
    client, organiser, full_conference, django_assert_max_num_queries, sign_in
):
    from conferences.dashboard import upcoming_conference_stats

    conference, people = full_conference
    with django_assert_max_num_queries(3):
        [stats] = upcoming_conference_stats()
    assert (stats["seats_taken"], stats["capacity"], stats["waiting"]) == (2, 2, 2)
    assert [(w.title, w.seats_taken) for w in stats["workshops"]] == [("A", 1), ("B", 0)]
    assert len(stats["per_day"]) == 14 and stats["per_day"][-1][1] == 4
    sign_in(client, organiser)
    home = client.get("/admin/").content.decode()
    assert "Kommende konferencer" in home and "2 / 2" in home


@pytest.mark.parametrize("group_name", ["Redaktører", "Moderatorer"])
def test_editors_and_moderators_cannot_reach_registrations(
    client, django_user_model, home_page, full_conference, group_name, sign_in
):
    from wagtail.log_actions import log

    conference, people = full_conference
    log(instance=people["anna"], action="conferences.check_in", user=None)  # an organiser's action
    user = django_user_model.objects.create_user("r", "r@example.dk", "x")
    user.groups.add(editor_group(group_name, home_page))
    sign_in(client, user)
    # They are editors, just not organisers.
    assert client.get(f"/admin/pages/{home_page.pk}/").status_code == 200
    pk = people["anna"].pk
    for url in (
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}?export=xlsx",
        f"{INDEX}edit/{pk}/",
        f"{INDEX}inspect/{pk}/",
        f"{INDEX}history/{pk}/",
        f"{INDEX}handling/cancel/{pk}/",
        f"{INDEX}indtjekning/",
        f"{INDEX}indtjekning/{conference.pk}/",
        f"{INDEX}indtjekning/{conference.pk}/udskriv/",
        "/admin/reports/site-history/",  # the log names the registration
    ):
        response = client.get(url)
        if not url.startswith("/admin/reports/"):
            assert response.status_code in (302, 403), url
        assert b"Anna Berg" not in response.content, url
    assert client.post(f"{INDEX}handling/cancel/{pk}/").status_code in (302, 403)
    people["anna"].refresh_from_db()
    assert people["anna"].status == "confirmed"
    home = client.get("/admin/").content.decode()
    assert "Tilmeldinger" not in home and "Kommende konferencer" not in home
    # The log entry is there for those who may see registrations.
    sign_in(client, django_user_model.objects.create_superuser("s", "s@example.dk", "x"))
    assert b"Anna Berg" in client.get("/admin/reports/site-history/").content
    # No group other than Konferenceansvarlige holds a registration permission.
    holders = Group.objects.filter(permissions__codename__endswith="_registration").distinct()
    assert list(holders.values_list("name", flat=True)) == ["Konferenceansvarlige"]


def test_a_viewer_without_export_permission_cannot_export(
    client, django_user_model, full_conference, sign_in
):
    user = django_user_model.objects.create_user("v", "v@example.dk", "x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    sign_in(client, user)
    listing = client.get(INDEX)
    assert listing.status_code == 200 and "Anna Berg" in listing.content.decode()
    assert "export=csv" not in listing.content.decode()
    for fmt in ("csv", "xlsx"):
        refused = client.get(INDEX, {"export": fmt})
        assert refused.status_code in (302, 403) and "Content-Disposition" not in refused
    anna = full_conference[1]["anna"]
    assert client.post(f"{INDEX}handling/cancel/{anna.pk}/").status_code in (302, 403)
    anna.refresh_from_db()
    assert anna.status == "confirmed"


def test_organisers_see_and_export_the_anonymous_counts_but_cannot_change_them(
    client, organiser, make_conference, sign_in
):
    from conferences.models import RegistrationCount

    conference = make_conference()
    counts = RegistrationCount.objects.create(
        conference=conference, role="hr", municipality="faxe", registered=7, came=5
    )
    sign_in(client, organiser)
    listing = client.get("/admin/anonyme-tal/")
    assert listing.status_code == 200 and "Faxe Kommune" in listing.content.decode()
    header, row = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get("/admin/anonyme-tal/", {"export": "csv"}).streaming_content).decode()
            )
        )
    )
    assert dict(zip(header, row, strict=True))["Mødt op"] == "5"
    assert client.post(f"/admin/anonyme-tal/edit/{counts.pk}/", {}).status_code in (302, 403)
    assert client.post(f"/admin/anonyme-tal/delete/{counts.pk}/").status_code in (302, 403)
    counts.refresh_from_db()
    assert (counts.registered, counts.came) == (7, 5)


def test_a_malformed_check_in_post_gets_a_danish_message_not_an_error(
    client, organiser, full_conference, sign_in
):
    conference, people = full_conference
    sign_in(client, organiser)
    url = f"{INDEX}indtjekning/{conference.pk}/"
    for data in ({"registration": "abc", "came": "1"}, {"registration": people["bo"].pk, "came": "x"}, {}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert "Indtjekningen kunne ikke gemmes" in response.content.decode()
    people["bo"].refresh_from_db()
    assert people["bo"].checked_in_at is None
