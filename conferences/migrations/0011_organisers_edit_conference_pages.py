"""Konferenceansvarlige edit and publish the conference section and keep its files in the
collection »Konferencer« (conferences/organiser_access.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from conferences.organiser_access import ensure_organiser_access

    ensure_organiser_access(apps)


def revoke(apps, schema_editor):
    from conferences.organiser_access import COLLECTION_NAME, GROUP_NAME

    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group=group, collection__name=COLLECTION_NAME
    ).delete()
    group.permissions.remove(*group.permissions.filter(content_type__app_label="home", codename__endswith="_speaker"))


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0010_anonymous_evaluations"),
        ("home", "0004_speaker_profiles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
