"""Two-step sign-in to the admin with an authenticator app (TOTP, django-otp), in Danish.

After the password (Wagtail's login, with django-axes) comes a six-digit code from the app. It is
required for superusers and for the groups in TWO_FACTOR_REQUIRED_GROUPS (the organisers, who see
participants' personal data), and offered to every other editor. Someone who must use it and has
not set it up is sent to set it up before anything else in the admin. Setting it up shows a QR
code and gives ten single-use reserve codes for the day the phone is lost; an administrator can
also reset it with `manage.py reset_two_factor USERNAME`.
"""

import base64

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .security import mark_private

APP_DEVICE_NAME = "Godkendelsesapp"
RESERVE_DEVICE_NAME = "Reservekoder"
RESERVE_CODES = 10

# Admin URLs a signed-in person may reach before the second step.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_setup",
}


def is_required(user):
    """Whether this person must use two-step sign-in."""
    if user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS:
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_GROUPS).exists()


def app_device(user, confirmed=True):
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: a signed-in person in the admin who has not passed the
    second step is sent to it (or to set it up, when it is required and missing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path_info.startswith("/admin/") and user.is_authenticated and not user.is_verified():
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in OPEN_URL_NAMES and (redirect_to := second_step_redirect(request)):
                return redirect_to
        return self.get_response(request)


def second_step_redirect(request):
    """For a signed-in person who has not passed the second step: the redirect to it (or to set
    it up, when it is required and missing), back to this page afterwards; otherwise None. Pages
    outside the admin that show personal data to staff (the check-in QR code) ask this too."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if django_otp.user_has_device(user, confirmed=True):
        return _redirect_with_next(request, "two_factor_verify")
    if is_required(user):
        return _redirect_with_next(request, "two_factor_setup")
    return None


def _redirect_with_next(request, url_name):
    response = redirect(f"{reverse(url_name)}?next={request.get_full_path()}")
    return mark_private(response)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kode",
        max_length=20,
        help_text="De seks cifre, din godkendelsesapp viser lige nu, eller en af dine reservekoder.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Skriv koden fra din godkendelsesapp."},
    )

    def cleaned_code(self):
        return "".join(self.cleaned_data["code"].split())


@sensitive_post_parameters("code")
@never_cache
def verify(request):
    """The second step of signing in: a code from the app, or a reserve code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not django_otp.user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('two_factor_setup')}?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_code())
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"Du loggede ind med en reservekode. Du har {left} tilbage. Har du mistet din telefon, "
                    "så opsæt to-trinsbekræftelse på din nye telefon nu.",
                )
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "Koden passer ikke. Vent et øjeblik, og skriv så den kode, appen viser nu, eller en reservekode.",
        )
    return mark_private(render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)}))


def _qr_code(device):
    svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return svg


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
def setup(request):
    """Set up (or move to a new phone) the authenticator app: QR code, then a code to confirm it."""
    user = request.user
    if django_otp.user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_code()):
            with transaction.atomic():
                TOTPDevice.objects.devices_for_user(user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_reserve_codes(user)
            django_otp.login(request, device)
            return _show_reserve_codes(request, codes, first_time=True)
        # django-otp waits a little longer after each wrong code before it checks another.
        form.add_error("code", "Koden passer ikke. Vent et øjeblik, og skriv så den kode, appen viser nu.")
    context = {
        "form": form,
        "qr_code": _qr_code(device),
        "secret": _grouped(base64.b32encode(device.bin_key).decode()),
        "next": _next_url(request),
        "required": is_required(user),
        "replacing": django_otp.user_has_device(user, confirmed=True),
    }
    return mark_private(render(request, "two_factor/setup.html", context))


def _new_reserve_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RESERVE_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RESERVE_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _show_reserve_codes(request, codes, first_time=False):
    context = {"codes": codes, "first_time": first_time, "next": _next_url(request)}
    return mark_private(render(request, "two_factor/reserve_codes.html", context))


@never_cache
def manage(request):
    """The person's own two-step sign-in: whether it is on, new reserve codes, turn it off."""
    context = {
        "device": app_device(request.user),
        "reserve_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        "required": is_required(request.user),
    }
    return mark_private(render(request, "two_factor/manage.html", context))


@require_POST
def new_reserve_codes(request):
    return _show_reserve_codes(request, _new_reserve_codes(request.user))


@require_POST
def turn_off(request):
    if is_required(request.user):
        messages.error(request, "Din brugergruppe skal bruge to-trinsbekræftelse; den kan ikke slås fra.")
    else:
        reset(request.user)
        messages.success(request, "To-trinsbekræftelse er slået fra.")
    return redirect("two_factor_manage")


def reset(user):
    """Remove a person's app and reserve codes (a lost phone); returns how many were removed."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    return removed + StaticDevice.objects.filter(user=user).delete()[0]
