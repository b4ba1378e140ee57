"""»Del din erfaring«: a municipal employee's case goes into the editors' workflow, never straight
to the public; the contributor is mailed at each step; their contact details stay private."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Page, WorkflowState

from cases.models import CasePage, CaseSubmission
from cases.moderation import EDITORS, MODERATORS, ensure_groups_and_workflow

from .sharing import complete_answers, image_upload, pdf_bytes, png_bytes, run_mail_queue

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("library")]

URL = "/del-din-erfaring/"


@pytest.fixture
def groups(library):
    ensure_groups_and_workflow()
    return {name: Group.objects.get(name=name) for name in (EDITORS, MODERATORS)}


def user_in(group, username):
    user = User.objects.create_user(username, email=f"{username}@example.dk", password="not-used-in-tests")
    user.groups.add(group)
    return user


@pytest.fixture
def editor(groups):
    return user_in(groups[EDITORS], "redaktoer")


@pytest.fixture
def moderator(groups):
    return user_in(groups[MODERATORS], "moderator")


def send_case(client, **overrides):
    return client.post(URL, complete_answers(client, **overrides))


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_the_form_asks_for_every_part_of_a_case_with_help(client, library):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    labels = " ".join(label.get_text(" ", strip=True) for label in soup.select("label, legend"))
    for part in (
        "Overskrift",
        "Arbejdsplads",
        "Kommune",
        "Ordning",
        "Målgruppe",
        "Udgangspunktet",
        "Det gjorde vi",
        "Resultater",
        "Sådan blev det dokumenteret",
        "Det lærte vi",
        "Hvilke værdier viser erfaringen?",
        "Emneord",
        "Billede 1",
        "Beskrivelse af billede 1",
        "PDF",
        "Dit navn",
        "Din stilling",
        "Din e-mail",
        "Dit telefonnummer",
        "Redaktionen må kontakte mig",
        "Mit navn og min stilling må stå på siden",
    ):
        assert part in labels, part
    # Each input's help is read with it.
    title = soup.find(id="id_title")
    assert soup.find(id=title["aria-describedby"]).get_text(strip=True).startswith("Én sætning")
    # The trap is out of sight and out of the accessibility tree.
    trap = soup.find(id="id_hjemmeside_felt")
    assert trap.find_parent(attrs={"hidden": True}) is not None
    assert soup.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert soup.find("form", class_="share-form")["enctype"] == "multipart/form-data"


def test_the_form_is_linked_from_the_library_its_value_pages_and_the_home_page(client, library):
    for path in (
        "/",
        "/gode-erfaringer/",
        "/gode-erfaringer/vaerdi/tillid/",
        "/gode-erfaringer/vaerdi/helhed/",
    ):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        assert soup.find("a", href=URL, string="Del din erfaring"), path


def test_a_sent_case_becomes_a_draft_in_the_workflow_and_nothing_is_public(client, library, editor):
    response = send_case(
        client, image_1=image_upload(), image_1_alt="Kokken og praktikanten skræller kartofler"
    )
    assert response.status_code == 302 and response["Location"] == reverse("share_received")

    submission = CaseSubmission.objects.get()
    assert submission.status == CaseSubmission.Status.NEW
    page = CasePage.objects.get(pk=submission.page_id)
    assert page.get_parent().pk == library.pk
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [value.slug for value in page.values.order_by("slug")] == ["dialog", "tillid"]
    assert [tag.name for tag in page.tags.order_by("name")] == ["jobmatch", "kantine"]
    assert page.listing_image.description == "Kokken og praktikanten skræller kartofler"
    # The contact details are not on the page (no consent to be named).
    assert page.contact_name == page.contact_email == ""
    # Nobody outside the admin can see it.
    assert Client().get(f"/gode-erfaringer/{page.slug}/").status_code == 404
    assert page.title not in Client().get("/gode-erfaringer/").content.decode()

    run_mail_queue()
    receipt = mails_to("mette@faxe.dk")
    assert len(receipt) == 1
    assert "Tak for din erfaring »Fast plads i kantinen efter løntilskud«" == receipt[0].subject
    assert "ikke offentlig" in receipt[0].body
    (notice,) = mails_to("redaktoer@example.dk")
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in notice.body


def test_the_received_page_and_story_are_in_plain_language(client, library):
    response = send_case(client)
    received = client.get(response["Location"])
    assert "Tak for din erfaring" in text_of(received)
    page = CasePage.objects.get()
    rendered = page.get_latest_revision_as_object()
    kinds = [block.block_type for block in rendered.body]
    assert kinds == ["situation", "action", "results", "lessons"]
    assert (
        rendered.body[0].value.source
        == "<p>Kantinen manglede hænder.</p><p>Vi ville gerne prøve noget nyt.</p>"
    )


def test_a_moderator_publishes_it_and_the_contributor_gets_the_link(client, library, editor, moderator):
    send_case(client, may_name="on")
    page = CasePage.objects.get()
    assert page.contact_name == "Mette Hansen"  # agreed to be named
    assert page.contact_email == ""
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    staff = Client()
    staff.force_login(moderator)
    staff.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    page.refresh_from_db()
    assert page.live
    submission = CaseSubmission.objects.get()
    assert submission.status == CaseSubmission.Status.PUBLISHED
    assert submission.decided_at is not None

    run_mail_queue()
    (published,) = [m for m in mails_to("mette@faxe.dk") if "udgivet" in m.subject]
    assert page.get_full_url() in published.body
    public = Client().get(f"/gode-erfaringer/{page.slug}/")
    assert public.status_code == 200
    assert "mette@faxe.dk" not in public.content.decode()
    assert "12 34 56 78" not in public.content.decode()


def test_an_editor_working_on_it_puts_it_under_review(client, library, editor):
    send_case(client)
    page = CasePage.objects.get()
    page.save_revision(user=editor)
    assert CaseSubmission.objects.get().get_status_display() == "under behandling"


def test_an_editor_declines_it_with_a_reason_that_is_mailed(client, library, editor):
    send_case(client, image_1=image_upload(), image_1_alt="Kokken skræller kartofler")
    submission = CaseSubmission.objects.get()
    page_id = submission.page_id
    staff = Client()
    staff.force_login(editor)
    decline = reverse("cases_casesubmission:decline", args=[submission.pk])
    assert "Skriv en begrundelse." in staff.post(decline, {"reason": ""}).content.decode()
    response = staff.post(decline, {"reason": "Den ligner <b>en</b> erfaring, vi har."})
    assert response.status_code == 302

    submission.refresh_from_db()
    assert submission.status == CaseSubmission.Status.DECLINED
    assert not Page.objects.filter(pk=page_id).exists()
    history = text_of(staff.get(reverse("cases_casesubmission:history", args=[submission.pk])))
    assert "Afvist med begrundelse" in history and "redaktoer" in history
    assert submission.images.count() == 0
    run_mail_queue()
    (declined,) = [m for m in mails_to("mette@faxe.dk") if "bliver ikke udgivet" in m.subject]
    assert "Den ligner <b>en</b> erfaring, vi har." in declined.body
    assert not getattr(declined, "alternatives", [])  # plain text: the markup is shown, never rendered


def test_save_and_resume_through_the_mailed_link(client, library):
    token_data = complete_answers(client)
    response = client.post(
        URL,
        {
            "form_token": token_data["form_token"],
            "title": "Halvfærdig",
            "contributor_email": "Mette@Faxe.dk",
            "handling": "gem",
        },
    )
    assert response["Location"] == reverse("share_saved")
    assert "Din erfaring er gemt" in text_of(client.get(response["Location"]))
    submission = CaseSubmission.objects.get()
    assert submission.status == CaseSubmission.Status.DRAFT
    assert not CasePage.objects.exists()

    run_mail_queue()
    (saved,) = mails_to("mette@faxe.dk")
    link = reverse("share_resume", args=[submission.resume_token])
    assert link in saved.body
    resumed = client.get(link)
    assert BeautifulSoup(resumed.content, "html.parser").find(id="id_title")["value"] == "Halvfærdig"

    # Saving again does not mail again; sending from the link makes the draft page.
    client.post(link, {**complete_answers(client), "handling": "gem"})
    run_mail_queue()
    assert len(mails_to("mette@faxe.dk")) == 1
    assert client.post(link, complete_answers(client))["Location"] == reverse("share_received")
    assert CaseSubmission.objects.get().status == CaseSubmission.Status.NEW
    assert CasePage.objects.count() == 1
    assert "allerede sendt" in text_of(client.get(link))
    assert client.get(reverse("share_resume", args=["x" * 43])).status_code == 404


def test_missing_parts_are_named_in_danish_and_nothing_is_kept(client, library):
    response = client.post(URL, {"form_token": complete_answers(client)["form_token"], "handling": "send"})
    assert response.status_code == 400
    text = text_of(response)
    assert "fejl i formularen" in text
    for message in (
        "Skriv en overskrift på erfaringen.",
        "Vælg mindst én af de fire værdier.",
        "Skriv din e-mailadresse",
    ):
        assert message in text
    assert not CaseSubmission.objects.exists()
    assert response.content.decode().count('aria-invalid="true"') >= 10


def test_a_field_the_form_does_not_have_gets_a_danish_400(client, library):
    response = client.post(URL, complete_answers(client, is_staff="1"))
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in text_of(response) or "400" in response.content.decode()
    assert not CaseSubmission.objects.exists()


def test_the_form_needs_its_csrf_token(library):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, complete_answers(strict))
    assert response.status_code == 403
    assert not CaseSubmission.objects.exists()


def test_a_form_sent_faster_than_a_person_is_dropped(client, library, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 60
    response = send_case(client)
    assert response["Location"] == reverse("share_received")
    assert not CaseSubmission.objects.exists()


def test_the_trap_holds_it_for_an_editor_who_makes_the_draft_with_one_action(client, library, editor):
    send_case(client, hjemmeside_felt="http://spam.example")
    submission = CaseSubmission.objects.get()
    assert submission.held and submission.status == CaseSubmission.Status.NEW
    assert not CasePage.objects.exists()
    run_mail_queue()
    assert mails_to("mette@faxe.dk") == []

    staff = Client()
    staff.force_login(editor)
    inspect = staff.get(reverse("cases_casesubmission:inspect", args=[submission.pk]))
    assert "Spamfilterets skjulte felt var udfyldt" in inspect.content.decode()
    staff.post(reverse("cases_casesubmission:make_page", args=[submission.pk]))
    page = CasePage.objects.get()
    assert not page.live
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    run_mail_queue()
    assert len(mails_to("mette@faxe.dk")) == 1


def test_posts_are_limited_per_address(client, library, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": "2/m"}
    statuses = [client.post(URL, {"form_token": "x"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert "Prøv igen" in text_of(client.post(URL, {}))


def test_an_image_is_re_encoded_without_its_metadata(client, library):
    exif = PILImage.Exif()
    exif[0x010F] = "Kameramærke"  # Make
    original = io.BytesIO()
    PILImage.new("RGB", (80, 60), (10, 120, 10)).save(original, format="JPEG", exif=exif)
    send_case(
        client,
        image_1=image_upload("foto.jpg", original.getvalue(), "image/jpeg"),
        image_1_alt="Haven bag plejecentret",
    )
    image = CaseSubmission.objects.get().images.get()
    with image.file.open("rb") as stored, PILImage.open(stored) as reread:
        assert reread.format == "JPEG"
        assert reread.size == (80, 60)
        assert not reread.getexif()


@pytest.mark.parametrize(
    ("upload", "alt", "message"),
    [
        (
            lambda: image_upload("foto.png", b"<?php echo 1; ?>"),
            "Haven bag centret",
            "kan ikke læses som et billede",
        ),
        (
            lambda: image_upload("foto.svg", b"<svg></svg>", "image/svg+xml"),
            "Haven bag centret",
            "kan ikke læses",
        ),
        (lambda: image_upload(), "", "Beskriv, hvad billedet viser"),
        (lambda: image_upload(), "foto.png", "Beskriv, hvad billedet viser"),
    ],
)
def test_a_bad_image_is_refused_in_danish(client, library, upload, alt, message):
    response = send_case(client, image_1=upload(), image_1_alt=alt)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not CaseSubmission.objects.exists()


def test_a_too_large_image_is_refused(client, library, settings):
    settings.SUBMISSION_IMAGE_MAX_BYTES = 100
    response = send_case(
        client, image_1=image_upload(content=png_bytes((200, 200))), image_1_alt="Haven bag centret"
    )
    assert response.status_code == 400
    assert "Billedet er for stort" in text_of(response)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a pdf", "Filen er ikke en PDF"),
        (pdf_bytes(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "scripts"),
    ],
)
def test_a_pdf_is_checked_by_its_bytes(client, library, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("evaluering.pdf", content, content_type="application/pdf")
    response = send_case(client, document=upload)
    assert response.status_code == 400
    assert message in text_of(response)


def test_a_plain_pdf_is_attached_to_the_story(client, library):
    from django.core.files.uploadedfile import SimpleUploadedFile

    send_case(
        client, document=SimpleUploadedFile("evaluering.pdf", pdf_bytes(), content_type="application/pdf")
    )
    page = CasePage.objects.get()
    assert page.body[-1].block_type == "document"
    # Not public while the page is a draft.
    document = CaseSubmission.objects.get().document
    assert Client().get(document.url).status_code == 404


def test_uploads_may_be_larger_than_other_public_forms_but_not_unbounded(client, library, settings):
    big = b"x" * (settings.REQUEST_BODY_MAX_BYTES + 1)
    assert client.post("/soeg/", {"q": big.decode()}).status_code == 413
    response = client.post(URL, {"form_token": "x", "situation": big.decode()})
    assert response.status_code == 400  # read and answered by the form, not refused at the door
    too_big = settings.PUBLIC_UPLOAD_MAX_BYTES + 1
    assert (
        client.post(
            URL, data=b"", content_type="application/octet-stream", CONTENT_LENGTH=str(too_big)
        ).status_code
        == 413
    )


def test_markup_is_escaped_in_the_admin_the_page_and_the_mails(client, library, editor):
    script = "<script>alert('x')</script>"
    send_case(client, title=f"Kantinen {script}", situation=f"Før {script}\r\nefter", contributor_name=script)
    submission = CaseSubmission.objects.get()
    staff = Client()
    staff.force_login(editor)
    for url in (
        reverse("cases_casesubmission:index"),
        reverse("cases_casesubmission:inspect", args=[submission.pk]),
    ):
        html = staff.get(url).content.decode()
        assert script not in html
        assert "&lt;script&gt;" in html
    page = CasePage.objects.get()
    assert "<script>" not in page.body[0].value.source
    assert "&lt;script&gt;" in page.body[0].value.source
    run_mail_queue()
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert not getattr(message, "alternatives", [])


def test_editors_list_submissions_by_status_and_see_the_contributor(client, library, editor):
    send_case(client)
    send_case(Client(), title="Den anden erfaring")
    first = CaseSubmission.objects.get(title="Fast plads i kantinen efter løntilskud")
    CaseSubmission.objects.filter(pk=first.pk).update(status=CaseSubmission.Status.DECLINED)
    client.post(URL, {**complete_answers(client), "handling": "gem", "title": "Kladde, ikke sendt"})

    staff = Client()
    staff.force_login(editor)
    listing = text_of(staff.get(reverse("cases_casesubmission:index")))
    assert "Den anden erfaring" in listing and "ny" in listing and "afvist" in listing
    assert "Kladde, ikke sendt" not in listing  # still the contributor's own
    filtered = text_of(staff.get(reverse("cases_casesubmission:index") + "?status=declined"))
    assert "Fast plads i kantinen" in filtered and "Den anden erfaring" not in filtered
    inspect = text_of(staff.get(reverse("cases_casesubmission:inspect", args=[first.pk])))
    assert "mette@faxe.dk" in inspect and "12 34 56 78" in inspect


def test_conference_organisers_cannot_see_submissions(client, library, sign_in):
    send_case(client)
    organiser = User.objects.create_user("arrangoer", password="not-used-in-tests")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    staff = sign_in(Client(), organiser)
    submission = CaseSubmission.objects.get()
    for url in (
        reverse("cases_casesubmission:index"),
        reverse("cases_casesubmission:inspect", args=[submission.pk]),
        reverse("cases_casesubmission:decline", args=[submission.pk]),
    ):
        response = staff.get(url)
        assert response.status_code in (302, 403), url
        assert "mette@faxe.dk" not in response.content.decode()
    assert "Indsendte erfaringer" not in staff.get(reverse("wagtailadmin_home")).content.decode()


def test_contact_details_are_deleted_after_the_retention_period(client, library, editor, moderator, settings):
    settings.SUBMISSION_CONTACT_RETENTION_DAYS = 90
    send_case(client, may_name="on")
    send_case(Client(), title="Afvist erfaring", contributor_email="anden@faxe.dk")
    send_case(Client(), title="Udgivet uden navn", contributor_email="tredje@faxe.dk")
    named, declined, anonymous = CaseSubmission.objects.order_by("pk")
    for submission in (named, anonymous):
        submission.page.get_latest_revision().publish()
    from cases.submissions import decline, purge

    decline(declined, "Ikke relevant.")
    client.post(URL, {**complete_answers(client), "handling": "gem", "title": "Gammel kladde"})
    old_draft = CaseSubmission.objects.get(status="draft")
    CaseSubmission.objects.filter(pk=old_draft.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=31)
    )

    assert purge(now=timezone.now() + datetime.timedelta(days=89)) == (1, 0)
    assert purge(now=timezone.now() + datetime.timedelta(days=91)) == (0, 3)
    named, declined, anonymous = CaseSubmission.objects.order_by("pk")
    assert (named.contributor_name, named.contributor_email, named.contributor_phone) == (
        "Mette Hansen",
        "",
        "",
    )
    for submission in (declined, anonymous):
        assert (submission.contributor_name, submission.contributor_email, submission.contributor_phone) == (
            "",
            "",
            "",
        )
    assert not CaseSubmission.objects.filter(pk=old_draft.pk).exists()


def test_purge_command_says_what_it_did(library):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("purge_submissions", stdout=out)
    assert "0 gemte erfaringer" in out.getvalue()
    assert (
        "Kontaktoplysningerne på 0 afgjorte erfaringer er slettet (90 dage efter afgørelsen)."
        in out.getvalue()
    )


def test_the_privacy_page_covers_shared_cases(client, library):
    text = text_of(client.get("/privatlivspolitik/"))
    assert "Når du deler din erfaring" in text
    assert "90 dage" in text


def test_the_admin_listing_costs_the_same_queries_for_few_and_many(library, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = Client()
    staff.force_login(editor)
    url = reverse("cases_casesubmission:index")

    def make(count):
        for number in range(count):
            CaseSubmission.objects.create(
                title=f"Erfaring {number}",
                workplace="Kantinen",
                municipality="faxe",
                status=CaseSubmission.Status.NEW,
                submitted_at=timezone.now(),
            )

    make(2)
    staff.get(url)
    with CaptureQueriesContext(connection) as few:
        assert staff.get(url).status_code == 200
    make(8)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(url)
    assert "Erfaring 7" in response.content.decode()
    assert len(many) == len(few)


def test_the_same_form_sent_twice_is_one_case(client, library):
    answers = complete_answers(client)
    first = client.post(URL, answers)
    second = client.post(URL, answers)
    assert first["Location"] == second["Location"] == reverse("share_received")
    assert CaseSubmission.objects.count() == CasePage.objects.count() == 1


def test_a_published_case_cannot_be_declined(client, library, editor):
    from cases.submissions import DeclineRefused, decline

    send_case(client)
    submission = CaseSubmission.objects.get()
    submission.page.get_latest_revision().publish()
    submission.refresh_from_db()
    with pytest.raises(DeclineRefused):
        decline(submission, "For sent.")
    assert CasePage.objects.get().live


def test_purging_contact_details_drops_their_unsent_mails(client, library, settings):
    from django_tasks_db.models import DBTaskResult

    from cases.submissions import decline, purge

    send_case(client)
    submission = CaseSubmission.objects.get()
    run_mail_queue()
    decline(submission, "Ikke relevant.")
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the decline mail, not yet sent
    purge(now=timezone.now() + datetime.timedelta(days=settings.SUBMISSION_CONTACT_RETENTION_DAYS + 1))
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_the_submission_screens_are_danish(client, library, editor):
    from tests.admin_language import english_in, readable_text

    staff = Client()
    staff.force_login(editor)
    index = reverse("cases_casesubmission:index")
    empty = staff.get(index).content.decode()
    assert english_in(readable_text(empty)) == []
    send_case(client, hjemmeside_felt="x")
    submission = CaseSubmission.objects.get()
    for url in (
        index,
        index + "?status=new",
        reverse("cases_casesubmission:inspect", args=[submission.pk]),
        reverse("cases_casesubmission:history", args=[submission.pk]),
        reverse("cases_casesubmission:decline", args=[submission.pk]),
        reverse("cases_casesubmission:make_page", args=[submission.pk]),
    ):
        html = staff.get(url).content.decode()
        assert english_in(readable_text(html)) == [], url


def test_a_resumed_form_keeps_its_images_and_can_remove_them(client, library):
    answers = complete_answers(
        client, handling="gem", image_1=image_upload(), image_1_alt="Kokken ved gryderne"
    )
    client.post(URL, answers)
    submission = CaseSubmission.objects.get()
    (image,) = submission.images.all()
    link = reverse("share_resume", args=[submission.resume_token])
    soup = BeautifulSoup(client.get(link).content, "html.parser")
    assert soup.find("label", string="Kokken ved gryderne") is not None

    # Three images would be one too many; removing the saved one makes room for two new ones.
    two_new = {
        "image_1": image_upload(),
        "image_1_alt": "Haven bag centret",
        "image_2": image_upload(),
        "image_2_alt": "Kantinen ved frokost",
    }
    response = client.post(link, complete_answers(client, handling="gem", **two_new))
    assert response.status_code == 400
    assert "Højst 2 billeder i alt." in text_of(response)
    two_new = {**two_new, "image_1": image_upload(), "image_2": image_upload()}
    client.post(link, complete_answers(client, handling="gem", remove_images=[str(image.pk)], **two_new))
    descriptions = sorted(submission.images.values_list("description", flat=True))
    assert descriptions == ["Haven bag centret", "Kantinen ved frokost"]
    assert "Vælg billeder fra listen." in text_of(
        client.post(link, complete_answers(client, remove_images=["x"]))
    )
