"""»Del din erfaring«: a case a municipal employee shares goes into the editors' workflow, never
straight to the public.

- Saving half-way keeps the answers as a submission with status DRAFT and mails the contributor
  a link (256 random bits) that opens the form again with them filled in.
- Sending it makes a draft CasePage under the library from the answers (images and the PDF as
  blocks in the story), starts the library's moderation workflow on it (which notifies the
  moderators) and queues a mail to the editors and a receipt to the contributor. Nothing is
  public until a moderator publishes the page.
- A submission that tripped the spam trap (the hidden field filled in, but sent at a person's
  pace) is kept, marked held, with no page and no mail: an editor makes the draft page from it
  with one action (`create_draft_page`), which also sends the receipt.
- Publishing the page (Wagtail's page_published) marks the submission published and mails the
  contributor the link; an editor declining it (`decline`) withdraws the draft and mails the
  reason.
- The contributor's contact details are never copied to the page (the name and role only when
  they agreed to be named) and are deleted SUBMISSION_CONTACT_RETENTION_DAYS after the decision
  (`purge`, run by `manage.py purge_submissions`).

Mails go through home's durable mail queue (home/mail_queue.py) in the same transaction as the
change they are about; their builders are in cases/emails.py.
"""

import datetime
import io
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, Page

from home.mail_queue import delete_mail_tasks, queue_mail

from .models import CaseIndexPage, CasePage, CaseSubmission
from .moderation import EDITORS

Status = CaseSubmission.Status
SUBMISSION_MAILS = ("submission_saved", "submission_received", "submission_published", "submission_declined")


def paragraphs(text):
    """Plain text as Wagtail rich text: a paragraph per blank-line-separated block, everything
    escaped, line breaks kept."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br/>')}</p>" for block in blocks if block)


def _store_uploads(submission, images, pdf):
    collection = Collection.get_first_root_node()
    Image = get_image_model()
    for content, alt in images:
        image = Image(
            title=alt[:255],
            description=alt,
            collection=collection,
            file=ImageFile(io.BytesIO(content), name=f"erfaring-{secrets.token_hex(4)}.jpg"),
        )
        image._set_image_file_metadata()
        image.save()
        submission.images.add(image)
    if pdf:
        Document = get_document_model()
        old = submission.document
        document = Document(
            title=f"Dokumentation: {submission.title or 'erfaring'}"[:255], collection=collection
        )
        document.file.save(f"erfaring-{secrets.token_hex(4)}.pdf", ContentFile(pdf), save=False)
        document._set_document_file_metadata()
        document.save()
        submission.document = document
        submission.save(update_fields=["document"])
        if old is not None:
            old.delete()


TEXT_ANSWERS = (
    "title",
    "lead",
    "workplace",
    "municipality",
    "sector",
    "target_group",
    "situation",
    "action",
    "results",
    "documentation",
    "lessons",
    "contributor_name",
    "contributor_role",
    "contributor_email",
    "contributor_phone",
)


def store_answers(submission, data, images=(), pdf=None, now=None):
    """Write the form's cleaned answers (and checked uploads) to the submission."""
    for name in TEXT_ANSWERS:
        setattr(submission, name, data.get(name) or "")
    submission.may_contact = bool(data.get("may_contact"))
    submission.may_name = bool(data.get("may_name"))
    submission.tags = ", ".join(data.get("tags") or [])
    submission.updated_at = now or timezone.now()
    submission.save()
    submission.values.set(data.get("values") or [])
    submission.schemes.set(data.get("schemes") or [])
    for image in submission.images.filter(pk__in=data.get("remove_images") or []):
        image.delete()  # the contributor's own, used by no page yet
    _store_uploads(submission, images, pdf)
    return submission


def save_for_later(submission, data, images=(), pdf=None, now=None, mail=True):
    """Keep a half-done case and mail the link that resumes it (once per address)."""
    with transaction.atomic():
        earlier_email = submission.contributor_email if submission.pk else ""
        store_answers(submission, data, images, pdf, now)
        if mail and submission.contributor_email != earlier_email:
            queue_mail("submission_saved", submission.pk)
    return submission


DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _unique_slug(library, title):
    base = slugify(title.translate(DANISH_LETTERS))[:60].strip("-") or "erfaring"
    slug, number = base, 1
    while Page.objects.child_of(library).filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def library():
    return CaseIndexPage.objects.order_by("path").first()


def _story(submission):
    body = [
        {"type": "situation", "value": paragraphs(submission.situation)},
        {"type": "action", "value": paragraphs(submission.action)},
    ]
    for image in submission.images.order_by("pk"):
        body.append(
            {"type": "image", "value": {"image": image.pk, "alt_text": image.description, "caption": ""}}
        )
    body.append(
        {
            "type": "results",
            "value": {"text": paragraphs(submission.results), "documentation": submission.documentation},
        }
    )
    body.append({"type": "lessons", "value": paragraphs(submission.lessons)})
    if submission.document_id:
        body.append(
            {
                "type": "document",
                "value": {"document": submission.document_id, "title": "Dokumentation (PDF)"},
            }
        )
    return body


def create_draft_page(submission, user=None):
    """The submission as a draft case page under the library, in the library's workflow, with
    the editors notified and the contributor's receipt queued. Returns the page, or None when
    there is no library or the submission already has its page."""
    index = library()
    if index is None or submission.page_id is not None:
        return None
    with transaction.atomic():
        # One new page under the library at a time: two cases with the same title sent at once
        # would otherwise both take the same free address (or the same place in the page tree).
        Page.objects.select_for_update().filter(pk=index.pk).first()
        page = CasePage(
            title=submission.title[:255],
            slug=_unique_slug(index, submission.title),
            lead=submission.lead,
            municipality=submission.municipality,
            workplace=submission.workplace,
            sector=submission.sector,
            target_group=submission.target_group,
            body=_story(submission),
            live=False,
            contact_name=submission.contributor_name if submission.may_name else "",
            contact_role=submission.contributor_role if submission.may_name else "",
        )
        page.values = list(submission.values.all())
        page.schemes = list(submission.schemes.all())
        images = list(submission.images.order_by("pk")[:1])
        page.listing_image = images[0] if images else None
        tags = [tag.strip() for tag in submission.tags.split(",") if tag.strip()]
        if tags:
            page.tags.add(*tags)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
        submission.page = page
        submission.held = False
        submission.save(update_fields=["page", "held"])
        if user is not None:
            log(instance=submission, action="cases.submission_made_draft", user=user)
        queue_mail("submission_received", submission.pk)
        for editor_id in editors_to_notify():
            queue_mail("submission_for_editor", submission.pk, editor_id)
    return page


def editors_to_notify():
    """Active members of »Redaktører« with an address (the moderators get Wagtail's own
    notification when the workflow starts)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=EDITORS, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def send(submission, data, images=(), pdf=None, *, held=False, now=None):
    """Send the case: stored as NEW; a draft page in the workflow unless the spam trap held it."""
    now = now or timezone.now()
    with transaction.atomic():
        store_answers(submission, data, images, pdf, now)
        submission.status = Status.NEW
        submission.submitted_at = now
        submission.held = held
        submission.save(update_fields=["status", "submitted_at", "held"])
        if not held:
            create_draft_page(submission)
    return submission


def mark_in_review(page_id):
    """An editor has worked on the case's page: »ny« becomes »under behandling«."""
    CaseSubmission.objects.filter(page_id=page_id, status=Status.NEW).update(status=Status.IN_REVIEW)


def mark_published(page, now=None):
    """The page went live: the contributor gets the link (once)."""
    with transaction.atomic():
        submission = (
            CaseSubmission.objects.select_for_update()
            .filter(page_id=page.pk, status__in=[Status.NEW, Status.IN_REVIEW])
            .first()
        )
        if submission is None:
            return None
        submission.status = Status.PUBLISHED
        submission.decided_at = now or timezone.now()
        submission.save(update_fields=["status", "decided_at"])
        queue_mail("submission_published", submission.pk)
    return submission


class DeclineRefused(Exception):
    pass


def decline(submission, reason, user=None, now=None):
    """Decline the case with the editor's reason: the draft page (never published) is withdrawn
    with its images and PDF, and the contributor is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise DeclineRefused("Skriv en begrundelse til den, der har delt erfaringen.")
    with transaction.atomic():
        submission = CaseSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status not in (Status.NEW, Status.IN_REVIEW):
            raise DeclineRefused("Kun nye erfaringer og erfaringer under behandling kan afvises.")
        page = submission.page
        if page is not None and page.live:
            raise DeclineRefused("Erfaringen er udgivet. Fjern den fra sitet først.")
        if page is not None:
            state = page.current_workflow_state
            if state is not None:
                state.cancel(user=user)
            page.delete()
        _delete_uploads(submission)
        submission.status = Status.DECLINED
        submission.decided_at = now or timezone.now()
        submission.decline_reason = reason
        submission.page = None
        submission.save(update_fields=["status", "decided_at", "decline_reason", "page"])
        log(instance=submission, action="cases.submission_declined", user=user)
        queue_mail("submission_declined", submission.pk)
    return submission


def _delete_uploads(submission):
    for image in list(submission.images.all()):
        image.delete()
    if submission.document_id:
        submission.document.delete()


def purge(now=None):
    """Delete what is kept too long: saved drafts never sent (SUBMISSION_DRAFT_DAYS after they
    were last saved, with their files), and contact details SUBMISSION_CONTACT_RETENTION_DAYS
    after the decision (the e-mail and phone always; the name and role unless the case was
    published with the contributor's consent to be named). Returns (drafts deleted, contact
    details deleted)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(days=settings.SUBMISSION_DRAFT_DAYS)
    decided = now - datetime.timedelta(days=settings.SUBMISSION_CONTACT_RETENTION_DAYS)
    with transaction.atomic():
        drafts = list(CaseSubmission.objects.filter(status=Status.DRAFT, updated_at__lt=stale))
        for draft in drafts:
            _delete_uploads(draft)
            draft.delete()
        delete_mail_tasks_for([draft.pk for draft in drafts])
        due = list(
            CaseSubmission.objects.filter(
                status__in=[Status.PUBLISHED, Status.DECLINED],
                decided_at__lt=decided,
                contact_deleted_at=None,
            )
        )
        for submission in due:
            named = submission.may_name and submission.status == Status.PUBLISHED
            submission.contributor_email = ""
            submission.contributor_phone = ""
            if not named:
                submission.contributor_name = ""
                submission.contributor_role = ""
            submission.contact_deleted_at = now
            submission.save(
                update_fields=[
                    "contributor_email",
                    "contributor_phone",
                    "contributor_name",
                    "contributor_role",
                    "contact_deleted_at",
                ]
            )
        delete_mail_tasks_for([submission.pk for submission in due])
    return len(drafts), len(due)


def delete_mail_tasks_for(submission_ids):
    """Delete every mail task row about these submissions (their contact details are going)."""
    unsent = 0
    for name in (*SUBMISSION_MAILS, "submission_for_editor"):
        unsent += delete_mail_tasks(name, submission_ids)
    return unsent
