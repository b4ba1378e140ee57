"""Indexes that keep the library's listings flat in the number of cases (docs/performance.md).

- Each link table gets (term, page): the pages having a term, in page order, read from the index
  alone. The facet filters (pages having every chosen term) and the related cases (the newest
  pages sharing a term) read them; the existing (page, term) indexes serve the facet counts.
- Wagtail's page table gets the library's order, newest first, so the first page of an
  unfiltered listing reads ten index entries instead of sorting every case, and an index on
  the depth: the menus and breadcrumbs ask for the few pages at depth 2 or 3, which otherwise
  meant a scan of every page on every request.
"""

from django.db import migrations, models

LINK_INDEXES = [
    ("cases_value_page_idx", "cases_librarypage_values", "value_id, librarypage_id"),
    ("cases_scheme_page_idx", "cases_librarypage_schemes", "scheme_id, librarypage_id"),
    ("cases_role_page_idx", "cases_casepage_roles", "role_id, casepage_id"),
]


def create_newest_index(apps, schema_editor):
    # SQLite sorts NULLs first in ascending order, so DESC puts them last already, and it does
    # not accept NULLS LAST in an index.
    nulls_last = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        "CREATE INDEX cases_page_newest_idx ON wagtailcore_page "
        f"(first_published_at DESC{nulls_last}, id DESC)"
    )


def drop_newest_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX cases_page_newest_idx")


DEPTH_INDEX = "CREATE INDEX cases_page_depth_idx ON wagtailcore_page (depth)"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_municipality_labels"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[
            migrations.RunSQL(
                f"CREATE INDEX {name} ON {table} ({columns})",
                f"DROP INDEX {name}",
            )
            for name, table, columns in LINK_INDEXES
        ],
        migrations.AddIndex(
            model_name="librarypagetag",
            index=models.Index(fields=["tag", "content_object"], name="cases_tag_page_idx"),
        ),
        migrations.RunPython(create_newest_index, drop_newest_index),
        migrations.RunSQL(DEPTH_INDEX, "DROP INDEX cases_page_depth_idx"),
    ]
