"""The Danish mails about a registration, as plain text with an HTML alternative."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .ical import calendar_bytes, page_path, public_url
from .tasks import MailKind

SUBJECTS = {
    MailKind.CONFIRMED: "Du er tilmeldt {title} i {city}",
    MailKind.WAITING: "Du er på venteliste til {title} i {city}",
    MailKind.PROMOTED: "Du har fået en plads til {title} i {city}",
    MailKind.WORKSHOP_PROMOTED: "Du har fået plads på en workshop: {title} i {city}",
    MailKind.CANCELLED: "Din tilmelding til {title} i {city} er afmeldt",
    MailKind.ALREADY_REGISTERED: "Du er allerede tilmeldt {title} i {city}",
}

# Mails that carry the calendar file: the person has a seat.
WITH_CALENDAR = {
    MailKind.CONFIRMED,
    MailKind.PROMOTED,
    MailKind.WORKSHOP_PROMOTED,
    MailKind.ALREADY_REGISTERED,
}


def registration_url(registration):
    return public_url(f"{page_path(registration.conference)}tilmelding/{registration.token}/")


def build_registration_mail(registration, kind):
    conference = registration.conference
    context = {
        "kind": kind.value,
        "registration": registration,
        "conference": conference,
        "conference_url": public_url(page_path(conference)),
        "registration_url": registration_url(registration),
        "position": registration.waiting_list_position(),
        "bookings": list(registration.workshop_bookings.select_related("workshop")),
    }
    subject = SUBJECTS[kind].format(title=conference.title, city=conference.city)
    text = render_to_string(f"conferences/emails/{kind.value}.txt", context)
    html = render_to_string(f"conferences/emails/{kind.value}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[conference.contact_email] if conference.contact_email else None,
    )
    message.attach_alternative(html, "text/html")
    if kind in WITH_CALENDAR and registration.status == registration.Status.CONFIRMED:
        message.attach(f"{conference.slug}.ics", calendar_bytes([conference]), "text/calendar")
    return message
