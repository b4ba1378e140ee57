"""Registration views, routed from ConferencePage (tilmelding/…). Thin: the rules are in registration.py."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from . import registration as service
from .forms import RegistrationForm, issue_form_token, read_form_token
from .models import Registration, RegistrationState

NOT_RECEIVED = "Vi har ikke modtaget din tilmelding."
REFUSALS = {
    service.Outcome.CLOSED: f"Der er ikke åbent for tilmelding til denne konference. {NOT_RECEIVED}",
    service.Outcome.CONFERENCE_FULL: f"Konferencen er fuldt booket uden venteliste. {NOT_RECEIVED}",
}


def _private(response):
    """Pages with a form or a person's registration are never stored by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _render(request, conference, template, context, status=200):
    context = {"page": conference, "self": conference, **context}
    return _private(TemplateResponse(request, template, context, status=status))


def _state_message(state):
    if state is RegistrationState.NOT_OPEN:
        return "Tilmeldingen er ikke åben endnu."
    if state is RegistrationState.FULL:
        return "Konferencen er fuldt booket, og der er ingen venteliste."
    if state is RegistrationState.PAST:
        return "Konferencen er afholdt. Der kan ikke længere tilmeldes."
    return "Tilmeldingen er lukket."


def registration_form(request, conference):
    state = conference.registration_state()
    template = "conferences/registration_form.html"
    if not state.accepts_registrations:
        # The form is not offered, and a POST to it is refused with the reason.
        status = 200 if request.method in ("GET", "HEAD") else 409
        return _render(request, conference, template, {"closed_message": _state_message(state)}, status)

    if request.method == "POST":
        form = RegistrationForm(request.POST, conference=conference)
        if form.is_valid():
            result = service.register(
                conference, form.registration_data(), form_token=form.cleaned_data["form_token"]
            )
            if result.is_neutral:
                return redirect(conference.url + "tilmelding/tak/")
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
        "state": state,
    }
    return _render(request, conference, template, context, status)


def registration_received(request, conference):
    """The same answer whether the address was new, already registered, or the form sent twice."""
    return _render(request, conference, "conferences/registration_received.html", {})


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


def registration_detail(request, conference, token):
    registration = _registration_or_404(conference, token)
    context = {
        "registration": registration,
        "position": registration.waiting_list_position(),
        "bookings": list(registration.workshop_bookings.all()),
        "robots": "noindex",
    }
    return _render(request, conference, "conferences/registration_detail.html", context)


def registration_cancel(request, conference, token):
    """GET asks for confirmation; POST cancels. Cancelling again shows the same result."""
    registration = _registration_or_404(conference, token)
    if request.method == "POST":
        service.cancel(registration)
        return redirect(conference.url + f"tilmelding/{registration.token}/?afmeldt=1")
    context = {"registration": registration, "robots": "noindex"}
    return _render(request, conference, "conferences/registration_cancel.html", context)
