"""Registrations, workshop bookings and used form tokens are no longer in Wagtail's reference
index (their models set wagtail_reference_index_ignore); drop the rows made before."""

from django.db import migrations

MODELS = ("registration", "workshopbooking", "usedformtoken")


def drop_references(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    content_types = ContentType.objects.filter(app_label="conferences", model__in=MODELS)
    ReferenceIndex.objects.filter(content_type__in=content_types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0004_optional_conference_times"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(drop_references, migrations.RunPython.noop)]
