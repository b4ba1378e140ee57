"""Paper for the day: the name badges PDF (read back with pypdf), the printable list with its
workshop column, and the catering summary on screen and as CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from pypdf import PdfReader

from conferences import paper
from conferences import registration as service
from conferences.models import Registration, Workshop

from .conftest import register_data, workshop_slot
from .test_admin import editor_group

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]

CHECK_IN = "/admin/tilmeldinger/indtjekning/"
CATERING = "/admin/tilmeldinger/forplejning/"


def register(conference, email, **overrides):
    return service.register(
        conference, register_data(conference, email=email, **overrides), form_token=email
    ).registration


@pytest.fixture
def organiser(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("arrangoer", "a@kl.dk", "x")
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


@pytest.fixture
def day(make_conference):
    """A conference with two workshops at 13.00 and three seats: Søren and Anna get seats (Søren
    on workshop A, Anna on B), Bo waits, Cai cancelled."""
    conference = make_conference(
        capacity=3, programme=[workshop_slot(capacity=5, titles=("Jobmatch", "Mentorer"))]
    )
    a, b = Workshop.objects.filter(conference=conference).order_by("sort_order")
    people = {
        "soeren": register(
            conference,
            "s@example.dk",
            name="Søren Ærø",
            municipality="faxe",
            organisation="Åbo Plejecenter",
            workshops=[a.pk],
        ),
        "anna": register(
            conference, "a@example.dk", name="Anna Berg", municipality="ingen", workshops=[b.pk]
        ),
        "cai": register(conference, "c@example.dk", name="Cai Dahl"),
    }
    Registration.objects.filter(pk=people["cai"].pk).update(status="cancelled", seat=None)
    people["dora"] = register(conference, "d@example.dk", name="Dora Eng")
    people["bo"] = register(conference, "b@example.dk", name="Bo Ask")
    return conference, (a, b), people


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [page.extract_text() for page in reader.pages]


def test_the_badges_pdf_has_each_confirmed_participant_sorted_with_danish_letters_intact(
    client, organiser, day, sign_in
):
    conference, (a, b), people = day
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses["Bo Ask"] == "waiting" and statuses["Cai Dahl"] == "cancelled"
    sign_in(client, organiser)
    response = client.get(f"{CHECK_IN}{conference.pk}/navneskilte/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="navneskilte-aarhus-')
    reader, pages = pdf_text(response)
    assert len(pages) == 1
    text = pages[0]
    assert "Søren Ærø" in text and "Åbo Plejecenter" in text and "Faxe Kommune" in text
    assert "Workshop kl. 13.00: Jobmatch" in text and "Workshop kl. 13.00: Mentorer" in text
    # Only confirmed participants, sorted by name; no municipality line for »not a municipality«.
    assert "Bo Ask" not in text and "Cai Dahl" not in text
    assert text.index("Anna Berg") < text.index("Dora Eng") < text.index("Søren Ærø")
    assert "Ikke ansat i en kommune" not in text
    assert reader.metadata.title.startswith("Navneskilte: Rummelighed i praksis, Aarhus")
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_eight_badges_a_sheet_and_a_workshop_filter(client, organiser, make_conference, sign_in):
    conference = make_conference(programme=[workshop_slot(capacity=20, titles=("Jobmatch", "Mentorer"))])
    a, b = Workshop.objects.filter(conference=conference).order_by("sort_order")
    for number in range(9):
        register(
            conference,
            f"p{number}@example.dk",
            name=f"Deltager {number}",
            workshops=[a.pk if number < 7 else b.pk],
        )
    sign_in(client, organiser)
    _, pages = pdf_text(client.get(f"{CHECK_IN}{conference.pk}/navneskilte/"))
    assert len(pages) == 2 and "Deltager 8" in pages[1] and "Deltager 7" not in pages[1]
    _, pages = pdf_text(client.get(f"{CHECK_IN}{conference.pk}/navneskilte/", {"workshop": b.pk}))
    assert len(pages) == 1 and "Deltager 7" in pages[0] and "Deltager 8" in pages[0]
    assert "Deltager 0" not in pages[0]


@pytest.mark.parametrize("value", ["abc", "999999", "other"])
def test_an_unknown_workshop_gets_a_danish_message_not_an_error(
    client, organiser, day, make_conference, sign_in, value
):
    conference = day[0]
    if value == "other":  # a workshop of another conference
        other = make_conference(slug="odense", programme=[workshop_slot(titles=("X",))])
        value = Workshop.objects.get(conference=other).pk
    sign_in(client, organiser)
    for url in (f"{CHECK_IN}{conference.pk}/navneskilte/", f"{CHECK_IN}{conference.pk}/udskriv/"):
        response = client.get(url, {"workshop": value}, follow=True)
        assert response.status_code == 200
        assert "Den valgte workshop findes ikke ved denne konference" in response.content.decode()


def test_no_confirmed_participants_means_a_message_instead_of_an_empty_pdf(
    client, organiser, make_conference, sign_in
):
    conference = make_conference()
    sign_in(client, organiser)
    response = client.get(f"{CHECK_IN}{conference.pk}/navneskilte/", follow=True)
    assert "ingen navneskilte at lave" in response.content.decode()


def placed_text(pdf_bytes):
    """(text, x, font name, size) for each piece of text drawn in the PDF."""
    placed = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            base = str(font.get("/BaseFont", "")) if font else ""
            placed.append((text.strip(), tm[4] * cm[0] + cm[4], base.split("+")[-1], size * tm[0] * cm[0]))

    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        page.extract_text(visitor_text=visit)
    return placed


LONG_NAMES = [
    "Maria-Magdalena Søndergaard-Østergaard Christiansen-Bækgaard Hvidtfeldt Rasmussen",
    "Anne-Sofie Frederikke Louise Wilhelmine Juul-Ravnsborg Kjærsgaard-Thorstensen von Holstein-Rathlou "
    "af Ærø og Sønderborg",
    "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen",
]


def test_long_names_shrink_and_wrap_inside_the_badge_and_are_never_cut(make_conference):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    conference = make_conference()
    people = [
        register(conference, f"l{number}@example.dk", name=name, organisation="Jobcenter " + "Nord " * 30)
        for number, name in enumerate(LONG_NAMES)
    ]
    pdf = paper.badges_pdf(conference, paper.day_participants(conference))
    placed = placed_text(pdf)
    fonts = {"IBMPlexSans-SemiBold": paper.BOLD, "IBMPlexSans": paper.REGULAR}
    badge_edges = [paper.MARGIN_X + column * paper.BADGE_WIDTH for column in range(paper.COLUMNS)]
    for text, x, font, size in placed:
        left = max(edge for edge in badge_edges if edge <= x + 0.01)
        assert x >= left + paper.PADDING - 0.01, text
        assert x + stringWidth(text, fonts[font], size) <= left + paper.BADGE_WIDTH - paper.PADDING + 0.01, (
            text
        )
    bold_pieces = [(text, size) for text, _, font, size in placed if font == "IBMPlexSans-SemiBold"]
    names = "".join(text for text, _ in bold_pieces).replace(" ", "")
    for person in sorted(people, key=lambda p: p.name):
        assert person.name.replace(" ", "") in names  # wrapped, never cut
    assert all(size < paper.NAME_MAX_SIZE for _, size in bold_pieces)  # shrunk
    assert len(bold_pieces) > len(LONG_NAMES)  # wrapped onto more lines


def test_a_short_name_is_large_on_one_line():
    size, lines = paper.fit_text("Bo Ask", paper._fonts()[1], paper.TEXT_WIDTH, 24, 9, 3, 16)
    assert (size, lines) == (24, ["Bo Ask"])


def test_the_printable_list_has_municipality_and_workshop_columns_and_a_workshop_filter(
    client, organiser, day, sign_in
):
    conference, (a, b), people = day
    sign_in(client, organiser)
    soup = BeautifulSoup(client.get(f"{CHECK_IN}{conference.pk}/udskriv/").content, "html.parser")
    headings = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert headings == ["Mødt", "Navn", "Arbejdsplads", "Kommune", "Workshop", "Kosthensyn", "Tilgængelighed"]
    rows = {
        cells[1]: cells
        for cells in ([td.get_text(strip=True) for td in tr.select("td")] for tr in soup.select("tbody tr"))
    }
    assert list(rows) == ["Anna Berg", "Dora Eng", "Søren Ærø"]
    assert rows["Søren Ærø"][3] == "Faxe Kommune" and rows["Søren Ærø"][4] == "kl. 13.00: Jobmatch"
    assert rows["Anna Berg"][3] == "" and rows["Anna Berg"][4] == "kl. 13.00: Mentorer"
    soup = BeautifulSoup(
        client.get(f"{CHECK_IN}{conference.pk}/udskriv/", {"workshop": a.pk}).content, "html.parser"
    )
    assert [tr.select("td")[1].get_text(strip=True) for tr in soup.select("tbody tr")] == ["Søren Ærø"]
    assert "Mentorer" not in soup.select_one("tbody").get_text()
    assert "Jobmatch" in soup.h1.get_text()


def test_the_check_in_page_links_the_paper_for_the_day(client, organiser, day, sign_in):
    conference, (a, b), _ = day
    sign_in(client, organiser)
    soup = BeautifulSoup(client.get(f"{CHECK_IN}{conference.pk}/").content, "html.parser")
    links = {a_.get_text(" ", strip=True): a_["href"] for a_ in soup.select("main a, #main a, a")}
    assert links["Hent navneskilte til alle (PDF, A4)"] == f"{CHECK_IN}{conference.pk}/navneskilte/"
    assert (
        links["hent navneskilte for Jobmatch (PDF)"]
        == f"{CHECK_IN}{conference.pk}/navneskilte/?workshop={a.pk}"
    )
    assert links["udskriv listen for Mentorer"] == f"{CHECK_IN}{conference.pk}/udskriv/?workshop={b.pk}"
    assert links["Forplejning: kosthensyn og tilgængelighed i tal"] == f"{CATERING}{conference.pk}/"


def needs_day(make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=20, titles=("Jobmatch", "Mentorer"))])
    a, b = Workshop.objects.filter(conference=conference).order_by("sort_order")
    answers = [
        ("Vegetar", "Kørestol", [a.pk]),
        ("vegetar.", "", [a.pk]),
        ("  Vegetar ", "Tegnsprogstolk", [b.pk]),
        ("Glutenfri", "", [b.pk]),
        ("Nej", "ingen", []),
        ("", "Kørestol", [a.pk]),
    ]
    for number, (diet, access, workshops) in enumerate(answers):
        register(
            conference,
            f"n{number}@example.dk",
            name=f"Navn Nummer{number}",
            dietary_needs=diet,
            accessibility_needs=access,
            workshops=workshops,
        )
    waiting = register(conference, "w@example.dk", name="Ventende", dietary_needs="Halal")
    Registration.objects.filter(pk=waiting.pk).update(status="cancelled", seat=None)
    return conference


def table(soup, caption_start):
    found = next(t for t in soup.select("table") if t.caption.get_text(strip=True).startswith(caption_start))
    header = [th.get_text(strip=True) for th in found.select("thead th")]
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in found.select("tbody tr")
    }
    assert all(th["scope"] == "col" for th in found.select("thead th"))
    assert all(tr.th["scope"] == "row" for tr in found.select("tbody tr"))
    return header, rows


def test_the_catering_summary_counts_each_need_per_conference_and_workshop_without_names(
    client, organiser, make_conference, sign_in, django_assert_max_num_queries
):
    conference = needs_day(make_conference)
    with django_assert_max_num_queries(3):
        paper.catering_summary(conference)
    sign_in(client, organiser)
    response = client.get(f"{CATERING}{conference.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Navn Nummer" not in page and "Halal" not in page
    soup = BeautifulSoup(page, "html.parser")
    header, rows = table(soup, "Kosthensyn")
    assert header == [
        "Kosthensyn",
        "Hele konferencen (6 deltagere)",
        "Workshop kl. 13.00: Jobmatch (3 deltagere)",
        "Workshop kl. 13.00: Mentorer (2 deltagere)",
    ]
    assert rows == {"Vegetar": ["3", "2", "1"], "Glutenfri": ["1", "0", "1"], "Intet oplyst": ["2", "1", "0"]}
    header, rows = table(soup, "Behov for tilgængelighed")
    assert rows == {
        "Kørestol": ["2", "2", "0"],
        "Tegnsprogstolk": ["1", "0", "1"],
        "Intet oplyst": ["3", "1", "1"],
    }


def test_the_catering_summary_exports_as_csv_and_xlsx(client, organiser, make_conference, sign_in):
    conference = needs_day(make_conference)
    sign_in(client, organiser)
    response = client.get(f"{CATERING}{conference.pk}/", {"export": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Konference", "Gruppe", "Deltagere i gruppen", "Behov", "Svar", "Antal"]
    title = conference.get_admin_display_title()
    assert [title, "Hele konferencen", "6", "Kosthensyn", "Vegetar", "3"] in rows
    assert [title, "Workshop kl. 13.00: Mentorer", "2", "Tilgængelighed", "Tegnsprogstolk", "1"] in rows
    assert not any("Navn Nummer" in cell for row in rows for cell in row)

    response = client.get(f"{CATERING}{conference.pk}/", {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Forplejning"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [title, "Workshop kl. 13.00: Jobmatch", 3, "Tilgængelighed", "Kørestol", 2] in values


def test_a_formula_in_a_need_is_neutralised_in_the_export(client, organiser, make_conference, sign_in):
    conference = make_conference()
    register(conference, "f@example.dk", dietary_needs='=HYPERLINK("http://x")')
    sign_in(client, organiser)
    body = client.get(f"{CATERING}{conference.pk}/", {"export": "csv"}).content.decode()
    assert "'=HYPERLINK" in body


def test_only_organisers_and_superusers_get_the_paper(
    client, django_user_model, home_page, day, admin_user, sign_in
):
    conference = day[0]
    urls = [
        f"{CHECK_IN}{conference.pk}/navneskilte/",
        f"{CHECK_IN}{conference.pk}/udskriv/",
        f"{CATERING}{conference.pk}/",
        f"{CATERING}{conference.pk}/?export=csv",
    ]
    editor = django_user_model.objects.create_user("r", "r@example.dk", "x")
    editor.groups.add(editor_group("Redaktører", home_page))
    sign_in(client, editor)
    for url in urls:
        # Wagtail answers a denied admin view as everywhere in the admin: back to the dashboard
        # with its message, and nothing of the participants.
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
        shown = client.get(url, follow=True).content.decode()
        assert "Du har desværre ikke adgang til denne del af admin." in shown, url
        assert "Søren" not in shown and "Vegetar" not in shown
    # Someone who may see registrations but not export them gets the list, not the PDF file.
    viewer = django_user_model.objects.create_user("v", "v@example.dk", "x")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    sign_in(client, viewer)
    refused = client.get(urls[0])
    assert refused.status_code == 302 and "Content-Disposition" not in refused
    assert client.get(urls[1]).status_code == 200
    sign_in(client, admin_user)
    for url in urls:
        assert client.get(url).status_code == 200, url
