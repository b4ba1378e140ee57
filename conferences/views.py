"""Registration and participant views, routed from ConferencePage (tilmelding/…).

Thin: the rules are in registration.py (seats, waiting list) and participants.py (what a
participant can do from their own link)."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from home.security import count_attempt, limit_used_up, mark_private, rate_limited, too_many_requests

from . import held, messaging, participants
from . import registration as service
from .check_in import check_in_url, qr_svg_data_uri
from .forms import (
    HONEYPOT_FIELD,
    ParticipantChangeForm,
    RegistrationForm,
    issue_form_token,
    read_form_token,
    sent_too_fast,
    trap_filled,
    unexpected_fields,
)
from .models import Registration, RegistrationState

NOT_RECEIVED = "Vi har ikke modtaget din tilmelding."
REFUSALS = {
    service.Outcome.CLOSED: f"Der er ikke åbent for tilmelding til denne konference. {NOT_RECEIVED}",
    service.Outcome.CONFERENCE_FULL: f"Konferencen er fuldt booket uden venteliste. {NOT_RECEIVED}",
}


def _render(request, conference, template, context, status=200):
    context = {"page": conference, "self": conference, **context}
    return mark_private(TemplateResponse(request, template, context, status=status))


def _state_message(state):
    if state is RegistrationState.NOT_OPEN:
        return "Tilmeldingen er ikke åben endnu."
    if state is RegistrationState.FULL:
        return "Konferencen er fuldt booket, og der er ingen venteliste."
    if state is RegistrationState.PAST:
        return "Konferencen er afholdt. Der kan ikke længere tilmeldes."
    return "Tilmeldingen er lukket."


def _bad_request():
    """A form with fields it does not have: nothing is stored, and the person is told so."""
    return mark_private(HttpResponseBadRequest(render_to_string("400.html")))


def _posted_more_than_a_button(request):
    return request.method == "POST" and bool(set(request.POST) - {"csrfmiddlewaretoken"})


EMAIL_LIMIT_REASON = (
    "Der er sendt mange tilmeldinger med denne e-mailadresse på kort tid, så vi sender ikke flere mails "
    "til den lige nu."
)


def _registration_limit(request, email):
    """The 429 page when the connection's or the e-mail address's limit of accepted
    registrations is used up, else None (settings.RATE_LIMITS)."""
    if limit_used_up(request, "registration"):
        return too_many_requests(settings.RATE_LIMITS["registration"])
    if email is not None and limit_used_up(request, "registration-email", key=lambda group, request: email):
        return too_many_requests(settings.RATE_LIMITS["registration-email"], reason=EMAIL_LIMIT_REASON)
    return None


def _count_accepted(request, email):
    count_attempt(request, "registration")
    if email is not None:
        count_attempt(request, "registration-email", key=lambda group, request: email)


@rate_limited("registration-burst")
def registration_form(request, conference):
    # A POST is decided under the conference's lock (full, waiting list); counting the seats
    # here as well would only add a query to every registration in a rush.
    state = (
        conference.registration_window_state()
        if request.method == "POST"
        else conference.registration_state()
    )
    template = "conferences/registration_form.html"
    if not state.accepts_registrations:
        # The form is not offered, and a POST to it is refused with the reason.
        status = 200 if request.method in ("GET", "HEAD") else 409
        return _render(request, conference, template, {"closed_message": _state_message(state)}, status)

    if request.method == "POST":
        form = RegistrationForm(request.POST, conference=conference)
        if unexpected_fields(form, request.POST, allowed=[HONEYPOT_FIELD]):
            return _bad_request()
        email = form.cleaned_data["email"] if form.is_valid() else None
        # Only accepted attempts count against the limits: a person correcting a form error
        # is not held back (the burst limit counts every POST).
        if (limited := _registration_limit(request, email)) is not None:
            return limited
        if sent_too_fast(request.POST):
            # A bot gets the answer a person gets, and nothing is stored or sent.
            _count_accepted(request, None)
            return redirect(conference.route_url("registration_received"))
        if form.is_valid():
            _count_accepted(request, email)
        if form.is_valid() and trap_filled(request.POST):
            # Maybe a bot, maybe a person: kept for the organisers, and the page says so.
            held.hold(conference, form.registration_data(), form_token=form.cleaned_data["form_token"])
            return redirect(conference.route_url("registration_held"))
        if form.is_valid():
            result = service.register(
                conference, form.registration_data(), form_token=form.cleaned_data["form_token"]
            )
            if result.is_neutral:
                return redirect(conference.route_url("registration_received"))
            if result.outcome in REFUSALS:
                return _render(
                    request, conference, template, {"closed_message": REFUSALS[result.outcome]}, 409
                )
            if result.outcome is service.Outcome.WORKSHOP_FULL:
                form.add_workshop_full_error(result.workshop)
            else:
                form.add_error(None, "Workshopvalget passer ikke til programmet. Vælg igen.")
        token = request.POST.get("form_token") if read_form_token(request.POST.get("form_token")) else None
        status = 400
    else:
        form = RegistrationForm(conference=conference)
        token = None
        status = 200
    context = {
        "form": form.prepare_for_display(),
        "form_token": token or issue_form_token(),
        "honeypot_field": HONEYPOT_FIELD,
        # The form shown again with its errors says whether it now puts people on the waiting list.
        "state": conference.registration_state() if request.method == "POST" else state,
    }
    return _render(request, conference, template, context, status)


def registration_received(request, conference):
    """The same answer whether the address was new, already registered, or the form sent twice."""
    return _render(request, conference, "conferences/registration_received.html", {})


def registration_held(request, conference):
    """What a person whose submission was held by the spam trap is told: it awaits approval, a
    mail follows when it is approved, and whom to ask meanwhile."""
    return _render(
        request, conference, "conferences/registration_held.html", {"contact": conference.organiser_contact()}
    )


def _registration_or_404(conference, token):
    if len(token) > 64:
        raise Http404
    registration = (
        Registration.objects.filter(conference=conference, token=token).prefetch_related(
            "workshop_bookings__workshop"
        )
    ).first()
    if registration is None:
        raise Http404
    return registration


def _manage_url(conference, registration, notice):
    """The participant's own page with a notice about what just happened (?besked=…)."""
    return conference.route_url("registration_detail", registration.token) + f"?besked={notice}"


def registration_detail(request, conference, token):
    """The participant's own page: status, answers, and what they can do."""
    registration = _registration_or_404(conference, token)
    context = {
        "registration": registration,
        "position": registration.waiting_list_position(),
        "bookings": list(registration.workshop_bookings.all()),
        "notice": request.GET.get("besked", ""),
        "organiser_messages": messaging.messages_for(registration),
        "robots": "noindex",
    }
    if registration.status == Registration.Status.CONFIRMED:
        # The code the organisers scan at the door; it holds the check-in key, not this page's.
        context["check_in_qr"], context["check_in_qr_size"] = qr_svg_data_uri(check_in_url(registration))
    return _render(request, conference, "conferences/registration_detail.html", context)


@rate_limited("participant")
def registration_cancel(request, conference, token):
    """GET asks for confirmation; POST cancels. Cancelling again shows the same result."""
    registration = _registration_or_404(conference, token)
    if _posted_more_than_a_button(request):
        return _bad_request()
    if request.method == "POST":
        service.cancel(registration)
        return redirect(conference.route_url("registration_detail", registration.token) + "?afmeldt=1")
    context = {"registration": registration, "robots": "noindex"}
    return _render(request, conference, "conferences/registration_cancel.html", context)


CHANGE_REFUSALS = {
    participants.ChangeOutcome.INVALID_WORKSHOP: "Workshopvalget passer ikke til programmet. Vælg igen.",
    participants.ChangeOutcome.NOT_ACTIVE: "Tilmeldingen er afmeldt og kan ikke ændres.",
}


@rate_limited("participant")
def registration_change(request, conference, token):
    """Change needs and workshops at once; a new name or address waits for its confirmation mail."""
    registration = _registration_or_404(conference, token)
    template = "conferences/registration_change.html"
    if not registration.is_active:
        return _render(request, conference, template, {"registration": registration, "robots": "noindex"})
    if request.method == "POST":
        form = ParticipantChangeForm(request.POST, registration=registration)
        if unexpected_fields(form, request.POST):
            return _bad_request()
        if form.is_valid():
            data = form.cleaned_data
            result = participants.change_registration(
                registration,
                dietary_needs=data["dietary_needs"],
                accessibility_needs=data["accessibility_needs"],
                workshops=form.workshop_choices(),
            )
            if result.outcome is participants.ChangeOutcome.WORKSHOP_FULL:
                form.add_workshop_full_error(
                    result.workshop,
                    f"Workshoppen »{result.workshop.title}« er fuldt booket. "
                    "Du beholder dit hidtidige valg; vælg det igen eller en anden workshop.",
                )
            elif result.outcome in CHANGE_REFUSALS:
                form.add_error(None, CHANGE_REFUSALS[result.outcome])
            else:
                identity = participants.request_identity_change(
                    registration, name=data["name"], email=data["email"]
                )
                notice = "bekraeft" if identity else "rettet"
                if result.outcome is participants.ChangeOutcome.UNCHANGED and not identity:
                    notice = "uaendret"
                return redirect(_manage_url(conference, registration, notice))
        status = 400
    else:
        form = ParticipantChangeForm(registration=registration)
        status = 200
    context = {"registration": registration, "form": form.prepare_for_display(), "robots": "noindex"}
    return _render(request, conference, template, context, status)


@rate_limited("participant")
def registration_confirm_change(request, conference, token, key):
    """The link in the mail to the new address. GET asks (mail scanners follow links); POST applies."""
    registration = _registration_or_404(conference, token)
    if _posted_more_than_a_button(request):
        return _bad_request()
    template = "conferences/registration_confirm_change.html"
    valid = participants.pending_change_is_valid(registration, key)
    context = {"registration": registration, "valid": valid, "key": key, "robots": "noindex"}
    if request.method == "POST" and valid:
        outcome = participants.confirm_identity_change(registration, key)
        if outcome is participants.IdentityOutcome.CHANGED:
            return redirect(_manage_url(conference, registration, "bekraeftet"))
        context.update(valid=False, address_taken=outcome is participants.IdentityOutcome.ADDRESS_TAKEN)
        return _render(request, conference, template, context, 409)
    return _render(request, conference, template, context, 200 if valid else 410)


def registration_data(request, conference, token):
    """Everything the site holds about the person, readable."""
    registration = _registration_or_404(conference, token)
    context = {
        "registration": registration,
        "data": participants.personal_data(registration),
        "robots": "noindex",
    }
    return _render(request, conference, "conferences/registration_data.html", context)


def registration_data_json(request, conference, token):
    """The same, as a JSON file to download."""
    registration = _registration_or_404(conference, token)
    body = json.dumps(participants.personal_data(registration), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-oplysninger.json"'
    return mark_private(response)


@rate_limited("participant")
def registration_delete(request, conference, token):
    """The »Slet mine oplysninger« page: GET asks; POST cancels and deletes at once."""
    registration = _registration_or_404(conference, token)
    if _posted_more_than_a_button(request):
        return _bad_request()
    if request.method == "POST":
        participants.delete_personal_data(registration)
        return redirect(conference.route_url("registration_deleted"))
    context = {"registration": registration, "robots": "noindex"}
    return _render(request, conference, "conferences/registration_delete.html", context)


def registration_deleted(request, conference):
    return _render(request, conference, "conferences/registration_deleted.html", {"robots": "noindex"})
