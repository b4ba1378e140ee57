"""»Del din erfaring« (/del-din-erfaring/): the public form, its saved and received pages, and the
link that resumes a saved form. Thin: the rules are in cases/submissions.py and cases/forms.py."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from home.security import bad_request, mark_private, rate_limited

from . import submissions
from .forms import (
    HONEYPOT_FIELD,
    SAVE,
    ShareCaseForm,
    issue_form_token,
    read_form_token,
    sent_too_fast,
    trap_filled,
    unexpected_fields,
)
from .models import CaseSubmission


def _render(request, template, context, status=200):
    context = {
        "page": submissions.library(),
        "retention_days": settings.SUBMISSION_CONTACT_RETENTION_DAYS,
        "draft_days": settings.SUBMISSION_DRAFT_DAYS,
        **context,
    }
    return mark_private(TemplateResponse(request, template, context, status=status))


def _initial(submission):
    initial = {name: getattr(submission, name) for name in submissions.TEXT_ANSWERS}
    initial.update(
        may_contact=submission.may_contact,
        may_name=submission.may_name,
        tags=submission.tags,
        values=list(submission.values.all()),
        schemes=list(submission.schemes.all()),
    )
    return initial


def _form_page(request, submission=None):
    saved_images = list(submission.images.order_by("pk")) if submission else []
    if request.method != "POST":
        form = ShareCaseForm(initial=_initial(submission) if submission else None, saved_images=saved_images)
        return _show(request, form, submission, issue_form_token())
    form = ShareCaseForm(request.POST, request.FILES, saved_images=saved_images)
    if unexpected_fields(form, request.POST, request.FILES):
        return bad_request()
    token = request.POST.get("form_token")
    if sent_too_fast(token):
        return redirect("share_received")  # a bot: the same answer as a person, nothing kept
    if form.is_valid():
        data = form.cleaned_data
        images, pdf = form.images, data.get("document")
        if submission is None:
            submission = CaseSubmission.objects.filter(form_nonce=data["form_token"]).first()
            if submission is not None and submission.is_sent:
                return redirect("share_received")  # the same form sent twice
            if submission is None:
                submission = CaseSubmission(form_nonce=data["form_token"])
        try:
            with transaction.atomic():
                if data.get("handling") == SAVE:
                    # A filled-in hidden field may be a bot's: keep the answers, mail nobody.
                    submissions.save_for_later(
                        submission, data, images, pdf, mail=not trap_filled(request.POST)
                    )
                    return redirect("share_saved")
                submissions.send(submission, data, images, pdf, held=trap_filled(request.POST))
        except IntegrityError:
            if not CaseSubmission.objects.filter(form_nonce=data["form_token"]).exists():
                raise
            return redirect("share_received")  # a double click raced the first: that one is kept
        return redirect("share_received")
    valid_token = token if read_form_token(token) else None
    return _show(request, form, submission, valid_token or issue_form_token(), status=400)


def _show(request, form, submission, token, status=200):
    context = {
        "form": form.prepare_for_display(),
        "form_token": token,
        "honeypot_field": HONEYPOT_FIELD,
        "submission": submission,
        "saved_images": list(submission.images.order_by("pk")) if submission else [],
    }
    return _render(request, "cases/share_form.html", context, status)


@rate_limited("submission")
def share_form(request):
    return _form_page(request)


@rate_limited("submission")
def share_resume(request, token):
    if len(token) > 64:
        raise Http404
    submission = CaseSubmission.objects.filter(resume_token=token).first()
    if submission is None:
        raise Http404
    if submission.is_sent:
        return _render(request, "cases/share_received.html", {"already_sent": True})
    return _form_page(request, submission)


def share_saved(request):
    return _render(request, "cases/share_saved.html", {})


def share_received(request):
    return _render(request, "cases/share_received.html", {})
