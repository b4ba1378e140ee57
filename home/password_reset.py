"""Wagtail's "Forgotten password?" form, with the mail queued instead of sent in the request and
a limit per account (the limit per client address is home.security.RateLimitMiddleware's).

The page says the same whether or not an account has the address and whether or not its limit
is reached, so the form tells nobody which addresses have accounts.
"""

import hashlib
import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from wagtail.admin.forms.auth import PasswordResetForm

from .tasks import send_password_reset_mail

logger = logging.getLogger(__name__)


def _account_key(email):
    def key(group, request):
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()

    return key


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, request=None, **kwargs):
        email = self.cleaned_data["email"]
        limited = request is not None and is_ratelimited(
            request,
            group="password-reset-account",
            key=_account_key(email),
            rate=settings.RATE_LIMITS["password-reset-account"],
            increment=True,
        )
        if limited:
            logger.warning("Password reset for an account over its limit; no mail queued")
            return
        for user in self.get_users(email):
            send_password_reset_mail.enqueue(user.pk)
