"""Helpers for the tests of »Del din erfaring«: a complete answer, an image, the mail queue."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size=(64, 48), color=(200, 30, 30)):
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


def image_upload(name="foto.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(
        name, content if content is not None else png_bytes(), content_type=content_type
    )


def pdf_bytes(extra=b""):
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + extra + b"\ntrailer << >>\n%%EOF\n"


def share_form_token(client):
    """The signed token of a freshly shown form."""
    import re

    html = client.get("/del-din-erfaring/").content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def complete_answers(client, **overrides):
    from cases.models import Scheme, Value

    data = {
        "form_token": share_form_token(client),
        "title": "Fast plads i kantinen efter løntilskud",
        "lead": "Et forløb i løntilskud blev til en fast stilling i kantinen.",
        "workplace": "Kantinen, Rådhuset",
        "municipality": "faxe",
        "sector": "administration",
        "schemes": [str(Scheme.objects.get(slug="fleksjob").pk)],
        "target_group": "Ledige over 50 år",
        "situation": "Kantinen manglede hænder.\n\nVi ville gerne prøve noget nyt.",
        "action": "Lederen og TR lavede en plan sammen med jobcentret.",
        "results": "Forløbet blev til en fast stilling på 30 timer.",
        "documentation": "Opfølgningssamtaler hver måned.",
        "lessons": "Tag kollegerne med fra første dag.",
        "values": [str(Value.objects.get(slug="tillid").pk), str(Value.objects.get(slug="dialog").pk)],
        "tags": "kantine, jobmatch",
        "contributor_name": "Mette Hansen",
        "contributor_role": "Køkkenleder",
        "contributor_email": "mette@faxe.dk",
        "contributor_phone": "12 34 56 78",
        "may_contact": "on",
        "handling": "send",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def run_mail_queue():
    """Run every due task in the mail queue once, as `manage.py mail_worker` would."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="mail",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    for result in DBTaskResult.objects.ready().filter(backend_name="mail").order_by("enqueued_at"):
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
