from django.db import migrations


def create_groups_and_workflow(apps, schema_editor):
    from cases.moderation import ensure_groups_and_workflow

    ensure_groups_and_workflow(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_library_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop),
    ]
