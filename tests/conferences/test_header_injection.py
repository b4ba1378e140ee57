"""A line break in a conference's title or city used to make every mail about it fail with
BadHeaderError. It is refused in the admin, removed on save, and never reaches a header."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from conferences import registration as service
from conferences.models import ConferencePage
from home.validators import SINGLE_LINE_MESSAGE

from .conftest import register_data, run_mail_queue

pytestmark = pytest.mark.django_db


BROKEN = ["Rummelighed\ni praksis", "Aarhus\r\nBcc: alle@example.dk", "Aar\u2028hus"]


@pytest.mark.parametrize("field", ["title", "city"])
@pytest.mark.parametrize("value", BROKEN)
def test_an_editor_is_told_in_danish_to_write_it_on_one_line(conference, field, value):
    setattr(conference, field, value)
    with pytest.raises(ValidationError) as raised:
        conference.full_clean()
    assert raised.value.message_dict[field] == [SINGLE_LINE_MESSAGE]


def test_a_title_saved_from_code_is_stored_on_one_line(conference):
    conference.title = "Rummelighed\r\ni praksis"
    conference.city = "Aarhus\n"
    conference.save()
    conference.refresh_from_db()
    assert (conference.title, conference.city) == ("Rummelighed i praksis", "Aarhus")


def test_mail_goes_out_even_when_a_line_break_is_already_stored(conference):
    # Rows written before the rule (or straight to the database) still hold the line break.
    ConferencePage.objects.filter(pk=conference.pk).update(
        title="Rummelighed\ni praksis", city="Aarhus\r\nBcc: alle@example.dk"
    )
    conference.refresh_from_db()
    service.register(conference, register_data(conference), form_token="t")
    assert run_mail_queue() == 1
    [message] = mail.outbox
    assert message.subject == "Du er tilmeldt Rummelighed i praksis i Aarhus Bcc: alle@example.dk"
    assert message.bcc == []
    assert "\n" not in message.message()["Subject"]


def test_an_organisers_message_refuses_a_line_break_and_never_puts_one_in_a_header(
    conference, django_user_model
):
    from conferences import messaging
    from conferences.models import ConferenceMessage

    with pytest.raises(ValidationError) as raised:
        ConferenceMessage(subject="Praktisk\r\nBcc: alle@example.dk").full_clean()
    assert raised.value.message_dict["subject"] == [SINGLE_LINE_MESSAGE]

    service.register(conference, register_data(conference), form_token="t")
    run_mail_queue()
    mail.outbox.clear()
    organiser = django_user_model.objects.create_user("arrangoer", "arr@kl.dk", "x")
    # A subject stored from code, past the form's check, still goes out on one line.
    messaging.send_message(
        conference,
        audience="confirmed",
        subject="Praktisk\r\nBcc: alle@example.dk",
        body="Tekst",
        user=organiser,
        send_token="t",
    )
    assert run_mail_queue() == 1
    [message] = mail.outbox
    assert message.subject == "Praktisk Bcc: alle@example.dk"
    assert message.to == ["mette@example.dk"] and message.bcc == []
    assert "\n" not in message.message()["Subject"]
