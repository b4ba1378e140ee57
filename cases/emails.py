"""The Danish mails about a shared case, built when they are sent (home/mail_queue.py).

Plain text only: whatever a contributor typed (markup included) reaches the reader as the
characters they typed, never as HTML, and subjects are kept to one line."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from home.mail_queue import mail_builder
from home.validators import single_line

SUBJECTS = {
    "saved": "Din erfaring er gemt: fortsæt, når du er klar",
    "received": "Tak for din erfaring »{title}«",
    "published": "Din erfaring »{title}« er udgivet",
    "declined": "Din erfaring »{title}« bliver ikke udgivet",
    "for_editor": "Ny erfaring til gennemgang: »{title}«",
}


def site_url(path):
    return settings.SITE_URL.rstrip("/") + path


def resume_url(submission):
    return site_url(reverse("share_resume", args=[submission.resume_token]))


def _subject(kind, submission):
    title = submission.title or "uden titel"
    if len(title) > 80:
        title = title[:79] + "…"
    return single_line(SUBJECTS[kind].format(title=title))


def _contributor_mail(kind, submission_id, **extra):
    from .models import CaseSubmission

    submission = CaseSubmission.objects.filter(pk=submission_id).select_related("page").first()
    if submission is None or not submission.contributor_email:
        return None
    context = {
        "submission": submission,
        "resume_url": resume_url(submission),
        "draft_days": settings.SUBMISSION_DRAFT_DAYS,
        **extra,
    }
    if kind == "published":
        if submission.page is None or not submission.page.live:
            return None
        context["page_url"] = submission.page.get_full_url()
    body = render_to_string(f"cases/emails/submission_{kind}.txt", context)
    return EmailMessage(
        _subject(kind, submission), body, settings.DEFAULT_FROM_EMAIL, [submission.contributor_email]
    )


@mail_builder("submission_saved")
def saved_mail(submission_id):
    from .models import CaseSubmission

    message = _contributor_mail("saved", submission_id)
    if message is None or not CaseSubmission.objects.filter(pk=submission_id, status="draft").exists():
        return None  # sent meanwhile: the link no longer opens a form
    return message


@mail_builder("submission_received")
def received_mail(submission_id):
    return _contributor_mail("received", submission_id)


@mail_builder("submission_published")
def published_mail(submission_id):
    return _contributor_mail("published", submission_id)


@mail_builder("submission_declined")
def declined_mail(submission_id):
    return _contributor_mail("declined", submission_id)


@mail_builder("submission_for_editor")
def editor_mail(submission_id, user_id):
    from .models import CaseSubmission

    submission = CaseSubmission.objects.filter(pk=submission_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if submission is None or user is None:
        return None
    context = {
        "submission": submission,
        "user": user,
        "submission_url": site_url(reverse("cases_casesubmission:inspect", args=[submission.pk])),
        "edit_url": site_url(reverse("wagtailadmin_pages:edit", args=[submission.page_id]))
        if submission.page_id
        else "",
    }
    body = render_to_string("cases/emails/submission_for_editor.txt", context)
    return EmailMessage(_subject("for_editor", submission), body, settings.DEFAULT_FROM_EMAIL, [user.email])
