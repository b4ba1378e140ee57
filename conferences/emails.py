"""The Danish mails about a registration, as plain text with an HTML alternative."""

from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.template.loader import render_to_string

from home.site_address import absolute_url
from home.validators import single_line

from .check_in import check_in_url, qr_png
from .ical import calendar_bytes
from .models import Registration
from .tasks import MailKind

SUBJECTS = {
    MailKind.CONFIRMED: "Du er tilmeldt {title} i {city}",
    MailKind.WAITING: "Du er på venteliste til {title} i {city}",
    MailKind.PROMOTED: "Du har fået en plads til {title} i {city}",
    MailKind.WORKSHOP_PROMOTED: "Du har fået plads på en workshop: {title} i {city}",
    MailKind.CANCELLED: "Din tilmelding til {title} i {city} er afmeldt",
    MailKind.ALREADY_REGISTERED: "Du er allerede tilmeldt {title} i {city}",
    MailKind.REMINDER: "Påmindelse: {title} i {city} er om {days} dage",
    MailKind.CHANGED: "Din tilmelding til {title} i {city} er ændret",
    MailKind.CONFIRM_CHANGE: "Bekræft din nye e-mail til {title} i {city}",
    MailKind.EVALUATION: "Tak for i dag: materialer og evaluering fra {title} i {city}",
}

# Mails that carry the calendar file: the person has a seat.
WITH_CALENDAR = {
    MailKind.CONFIRMED,
    MailKind.PROMOTED,
    MailKind.WORKSHOP_PROMOTED,
    MailKind.ALREADY_REGISTERED,
    MailKind.REMINDER,
}


# The check-in QR code's image in the HTML part (cid:…); unique within the one mail it is in.
QR_CONTENT_ID = "indtjekning-qr@rummelighed-i-praksis"


class MailWithInlineImages(EmailMultiAlternatives):
    """A text and HTML mail whose HTML shows images carried in the mail itself, not fetched
    from the web (which mail programs block): the HTML and its images are one
    multipart/related part, as RFC 2387 gives it, so attachments (the calendar file) stay
    attachments. `inline_images` is a list of (content id, PNG bytes)."""

    def __init__(self, *args, inline_images=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_images = list(inline_images)

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.inline_images or not msg.is_multipart():
            return msg
        parts = msg.get_payload()
        related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET)
        related.attach(parts[-1])  # the HTML alternative
        for content_id, png in self.inline_images:
            image = MIMEImage(png, "png")
            image["Content-ID"] = f"<{content_id}>"
            image["Content-Disposition"] = 'inline; filename="qr-kode-indtjekning.png"'
            related.attach(image)
        parts[-1] = related
        return msg


def registration_url(registration):
    """The registration's own link: where the participant sees, changes, cancels and deletes it."""
    return registration.conference.route_url("registration_detail", registration.token, absolute=True)


def confirm_change_url(registration):
    return registration.conference.route_url(
        "registration_confirm_change", registration.token, registration.pending_token, absolute=True
    )


def build_registration_mail(registration, kind):
    """The mail, built from the registration as it is now; None when it no longer applies
    (a change confirmation for a change that has since been confirmed or replaced)."""
    conference = registration.conference
    recipient = registration.email
    if kind is MailKind.CONFIRM_CHANGE:
        if not registration.pending_token:
            return None
        recipient = registration.pending_email or registration.email
    context = {
        "kind": kind.value,
        "registration": registration,
        "conference": conference,
        "conference_url": conference.route_url(absolute=True),
        "registration_form_url": conference.route_url("registration_form", absolute=True),
        "registration_url": registration_url(registration),
        "position": registration.waiting_list_position(),
        "bookings": list(registration.workshop_bookings.select_related("workshop")),
        "confirm_change_url": confirm_change_url(registration) if kind is MailKind.CONFIRM_CHANGE else "",
        "days_before": conference.reminder_days_before,
        "contact": conference.organiser_contact(),
    }
    # A person with a seat gets the check-in QR code in every mail that confirms it.
    with_qr = kind in WITH_CALENDAR and registration.status == registration.Status.CONFIRMED
    qr_image = None
    if with_qr:
        context["check_in_url"] = check_in_url(registration)
        qr_image, context["qr_size"] = qr_png(context["check_in_url"])
        context["qr_src"] = f"cid:{QR_CONTENT_ID}"
    if kind is MailKind.EVALUATION:
        context["evaluation_url"] = conference.route_url("evaluation", registration.token, absolute=True)
        context["materials"] = [
            {
                "title": session.title,
                "slides_url": absolute_url(session.materials["slides"].url)
                if session.materials.get("slides")
                else "",
                "video_url": session.materials.get("video_url") or "",
                "page_url": conference.route_url(absolute=True) + "#" + session.anchor,
            }
            for session in conference.sessions_with_materials()
        ]
    # One line whatever the conference's title and city hold: a line break in a header would
    # make Django refuse the whole mail (BadHeaderError), and every mail for the conference with it.
    subject = SUBJECTS[kind].format(
        title=conference.title, city=conference.city, days=conference.reminder_days_before
    )
    subject = single_line(subject)
    text = render_to_string(f"conferences/emails/{kind.value}.txt", context)
    html = render_to_string(f"conferences/emails/{kind.value}.html", context)
    message = MailWithInlineImages(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[context["contact"].email] if context["contact"].email else None,
        inline_images=[(QR_CONTENT_ID, qr_image)] if qr_image else [],
    )
    message.attach_alternative(html, "text/html")
    if kind in WITH_CALENDAR and registration.status == registration.Status.CONFIRMED:
        message.attach(f"{conference.slug}.ics", calendar_bytes([conference]), "text/calendar")
    return message


PREVIEW_NAME = "[deltagerens navn]"
PREVIEW_LINK = "[deltagerens personlige link]"


def _message_context(conference, registration, body, registration_link, bookings):
    return {
        "registration": registration,
        "conference": conference,
        "message_body": body,
        "registration_url": registration_link,
        "bookings": bookings,
        "contact": conference.organiser_contact(),
    }


def message_preview_text(conference, body):
    """The message's mail as a participant with a seat receives it, with placeholders for the
    name and personal link: what the organiser sees before sending."""
    placeholder = Registration(name=PREVIEW_NAME, status=Registration.Status.CONFIRMED)
    context = _message_context(conference, placeholder, body, PREVIEW_LINK, [])
    return render_to_string("conferences/emails/message.txt", context)


def build_message_mail(registration, message):
    """An organiser's message to one participant, addressed to them alone, with their own link.
    The subject was checked to be one line when written; it is made one line here as well."""
    conference = registration.conference
    bookings = list(registration.workshop_bookings.select_related("workshop"))
    context = _message_context(
        conference, registration, message.body, registration_url(registration), bookings
    )
    contact = context["contact"]
    mail = EmailMultiAlternatives(
        subject=single_line(message.subject),
        body=render_to_string("conferences/emails/message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[contact.email] if contact.email else None,
    )
    mail.attach_alternative(render_to_string("conferences/emails/message.html", context), "text/html")
    return mail
