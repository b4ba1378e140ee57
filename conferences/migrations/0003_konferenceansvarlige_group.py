"""The group of organisers who run the conferences' registrations from the admin."""

from django.db import migrations

GROUP_NAME = "Konferenceansvarlige"
REGISTRATION_PERMISSIONS = [
    ("view_registration", "Can view tilmelding"),
    ("change_registration", "Can change tilmelding"),
    ("export_registration", "Kan eksportere tilmeldinger"),
]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # Permissions are normally created after all migrations have run; this group needs them now.
    registration_type, _ = ContentType.objects.get_or_create(app_label="conferences", model="registration")
    count_type, _ = ContentType.objects.get_or_create(app_label="conferences", model="registrationcount")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    permissions = [
        Permission.objects.get_or_create(
            content_type=registration_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in REGISTRATION_PERMISSIONS
    ]
    permissions.append(
        Permission.objects.get_or_create(
            content_type=count_type,
            codename="view_registrationcount",
            defaults={"name": "Can view anonymt antal"},
        )[0]
    )
    permissions.append(
        Permission.objects.get_or_create(
            content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
        )[0]
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0002_participants_reminders_retention"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
