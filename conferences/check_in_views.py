"""The organisers' check-in at the door, made for a phone held in one hand: the list of a
conference's confirmed participants (search by name or workplace, the count checked in, one big
button per person) and the page the QR code in a participant's mail opens.

The list lives in the admin (/admin/tilmeldinger/indtjekning/<id>/, behind the admin's sign-in
and two-step check). The QR code's page lives on the public site (/indtjekning/<key>/), because
anyone can point a phone camera at the code: an organiser who has passed two-step sign-in gets
the person and one button; someone signed in without the right gets a refusal; anyone else a
short explanation and a way to sign in. Neither of the last two learns whose code it is.
Checking in is a POST with a CSRF token, done under the lock protocol (organisers.set_checked_in).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from home.security import mark_private
from home.two_factor import second_step_redirect

from . import organisers, paper
from .models import ConferencePage, Registration
from .permissions import registration_permission_policy

SEARCH_MAX_LENGTH = 100
LIST_TEMPLATE = "conferences/check_in/list.html"
CODE_TEMPLATE = "conferences/check_in/code.html"


def may_check_in(user):
    return registration_permission_policy.user_has_permission(user, "change")


def _list_url(conference_id, query="", anchor=""):
    url = reverse("conference_registrations:check_in", args=[conference_id])
    if query:
        url += "?" + urlencode({"q": query})
    return url + (f"#r{anchor}" if anchor else "")


def check_in_list(request, conference_id):
    """GET: the list, searched with ?q=; POST (registration, came, q): check one person in or undo."""
    if not registration_permission_policy.user_has_permission(request.user, "view"):
        return _refused(request)
    conference = get_object_or_404(ConferencePage, pk=conference_id)
    if request.method == "POST":
        return _check_in_from_list(request, conference)
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    everyone = organisers.check_in_list(conference)
    shown = organisers.search_check_in_list(everyone, query)
    context = {
        "conference": conference,
        "participants": shown,
        "total": len(everyone),
        "came": sum(1 for person in everyone if person.checked_in_at),
        "query": query,
        "can_change": may_check_in(request.user),
        "search_max_length": SEARCH_MAX_LENGTH,
        # Papir til dagen (conferences.paper): the lists and badges for the whole day or one workshop.
        "can_export": registration_permission_policy.user_has_permission(request.user, "export"),
        "workshops": [workshop for workshop in paper.sign_up_workshops(conference) if workshop.active],
    }
    return mark_private(TemplateResponse(request, LIST_TEMPLATE, context))


def _check_in_from_list(request, conference):
    query = " ".join(request.POST.get("q", "").split())[:SEARCH_MAX_LENGTH]
    if not may_check_in(request.user):
        return _refused(request)
    pk = request.POST.get("registration", "")
    came = request.POST.get("came")
    if not pk.isdigit() or came not in ("0", "1"):
        messages.error(request, "Indtjekningen kunne ikke gemmes. Prøv igen.")
        return redirect(_list_url(conference.pk, query))
    registration = Registration.objects.filter(pk=int(pk), conference=conference).first()
    if registration is None:
        messages.error(request, "Tilmeldingen findes ikke længere (oplysningerne er slettet).")
        return redirect(_list_url(conference.pk, query))
    result = organisers.set_checked_in(registration, came == "1", user=request.user, via="list")
    (messages.success if result.done else messages.error)(request, result.message)
    return redirect(_list_url(conference.pk, query, anchor=registration.pk))


def _refused(request):
    """Signed in, but not allowed to check people in: nothing about anyone, in Danish."""
    return mark_private(TemplateResponse(request, "conferences/check_in/refused.html", {}, status=403))


def check_in_by_code(request, token):
    """The page the QR code opens. GET shows the person and one button; POST checks them in."""
    user = request.user
    if not user.is_authenticated:
        # The same answer for every code, real or not: the visitor learns nothing.
        login = reverse("wagtailadmin_login") + "?" + urlencode({"next": request.path})
        context = {"login_url": login}
        return mark_private(TemplateResponse(request, "conferences/check_in/anonymous.html", context))
    if (second_step := second_step_redirect(request)) is not None:
        return second_step
    if not may_check_in(user):
        return _refused(request)
    registration = (
        Registration.objects.select_related("conference").filter(check_in_token=token).first()
        if len(token) <= 64
        else None
    )
    if registration is None:
        context = {"index_url": reverse("conference_registrations:check_in_index")}
        unknown = TemplateResponse(request, "conferences/check_in/unknown.html", context, status=404)
        return mark_private(unknown)
    here = reverse("check_in_by_code", args=[token])
    if request.method == "POST":
        result = organisers.set_checked_in(registration, True, user=user, via="qr")
        notice = {organisers.CheckIn.CHECKED_IN: "ind"}.get(result.outcome, "")
        return mark_private(redirect(here + (f"?besked={notice}" if notice else "")))
    context = {
        "registration": registration,
        "conference": registration.conference,
        "just_checked_in": request.GET.get("besked") == "ind" and registration.checked_in_at is not None,
        "not_confirmed": (
            organisers.not_confirmed_message(registration)
            if registration.status != Registration.Status.CONFIRMED
            else ""
        ),
        "list_url": _list_url(registration.conference_id),
    }
    return mark_private(TemplateResponse(request, CODE_TEMPLATE, context))
