"""The participant's evaluation after the conference, from their personal link
(tilmelding/<token>/evaluering/). Thin: the rules are in evaluations.py."""

from django.shortcuts import redirect

from home.security import rate_limited

from . import evaluations
from .forms import EvaluationForm, unexpected_fields
from .views import _bad_request, _registration_or_404, _render

TEMPLATE = "conferences/evaluation.html"


@rate_limited("participant")
def evaluation(request, conference, token):
    registration = _registration_or_404(conference, token)
    refusal = evaluations.refusal_for(registration)
    if refusal is not None:
        # A second answer (or one outside the window) is refused with the reason, and nothing
        # is stored; a GET after answering is the thank-you page.
        status = 200 if request.method in ("GET", "HEAD") else 409
        context = {"registration": registration, "refusal": refusal, "answered": bool(request.GET.get("tak"))}
        return _render(request, conference, TEMPLATE, context, status)

    sessions = conference.rated_sessions()
    if request.method == "POST":
        form = EvaluationForm(request.POST, sessions=sessions)
        if unexpected_fields(form, request.POST):
            return _bad_request()
        if form.is_valid():
            try:
                evaluations.submit(
                    registration,
                    form.cleaned_data["overall_rating"],
                    form.cleaned_data["comment"],
                    form.session_ratings(),
                )
            except evaluations.Refused as refused:
                context = {"registration": registration, "refusal": refused.refusal}
                return _render(request, conference, TEMPLATE, context, 409)
            return redirect(conference.route_url("evaluation", registration.token) + "?tak=1")
    else:
        form = EvaluationForm(sessions=sessions)
    context = {"registration": registration, "form": form.prepare_for_display()}
    return _render(request, conference, TEMPLATE, context, 400 if form.errors else 200)
