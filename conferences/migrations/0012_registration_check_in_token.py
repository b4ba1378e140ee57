import secrets

from django.db import migrations, models

import conferences.models.registrations


def give_each_registration_its_own_check_in_token(apps, schema_editor):
    """AddField's default is computed once for every existing row; each needs its own key."""
    Registration = apps.get_model("conferences", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(check_in_token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0011_organisers_edit_conference_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="check_in_token",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="indtjekningsnøgle"),
        ),
        migrations.RunPython(give_each_registration_its_own_check_in_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="check_in_token",
            field=models.CharField(
                default=conferences.models.registrations.new_check_in_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="indtjekningsnøgle",
            ),
        ),
    ]
