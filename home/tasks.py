"""Mail for editors' accounts, through the durable mail queue (django-tasks, backend "mail",
sent by `manage.py mail_worker` with the conference mails).

The queue row holds only the user's id: the reset link (a token that signs the user in to
change the password) is made when the mail is sent, so the database never stores a working link.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .mail_delivery import send_once

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
RETRY_SECONDS = 60
PASSWORD_RESET_SUBJECT = "Nulstil din adgangskode til Rummelighed i praksis"  # noqa: S105 - a subject


def password_reset_message(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    body = render_to_string(
        "home/emails/password_reset.txt",
        {
            "user": user,
            "reset_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
    return EmailMessage(PASSWORD_RESET_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task(backend="mail", takes_context=True)
def send_password_reset_mail(context, user_id, attempt=1, mail_id=None):
    mail_id = mail_id or context.task_result.id  # the same for every attempt of this mail
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "dropped"
    try:
        return send_once(password_reset_message(user), mail_id)
    except (OperationalError, InterfaceError):
        raise  # the worker puts the task back in the queue when the database is back
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.error("Password reset mail for user %s not sent after %s attempts", user_id, attempt)
            raise
        retry_at = timezone.now() + datetime.timedelta(seconds=RETRY_SECONDS * 2 ** (attempt - 1))
        send_password_reset_mail.using(run_after=retry_at).enqueue(user_id, attempt + 1, mail_id=str(mail_id))
        logger.warning("Password reset mail for user %s failed; retry at %s", user_id, retry_at)
        raise
