"""What an editor submits in the admin for each library page type (StreamFields and inline
panels cannot be guessed by Wagtail's test helpers)."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cases.models import Role, Scheme, Value


def case_form_data(title="Ny erfaring", slug="ny-erfaring", **overrides):
    fields = {
        "title": title,
        "slug": slug,
        "lead": "Et kort resumé.",
        "municipality": "faxe",
        "workplace": "Plejecenter Test",
        "sector": "aeldre-og-sundhed",
        "target_group": "Ledige",
        "tags": "jobmatch, kerneopgave",
        "body": streamfield(
            [
                ("situation", rich_text("<p>Udgangspunktet</p>")),
                ("results", {"text": rich_text("<p>Resultater</p>"), "documentation": "Samtaler"}),
                ("quote", {"text": "Godt", "attribution": "Leder"}),
            ]
        ),
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
        "related_case_links": inline_formset([]),
        "last_reviewed": "2026-01-01",
    }
    fields.update(overrides)
    # Many-to-many checkboxes post repeated keys, which nested_form_data cannot express.
    return {
        **nested_form_data(fields),
        "roles": [Role.objects.get(slug="ledelse").pk],
        "values": [Value.objects.get(slug="tillid").pk],
        "schemes": [Scheme.objects.get(slug="fleksjob").pk],
    }


def guidance_form_data(page):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": page.lead,
            "key_points": streamfield([("point", {"title": "Ledelsen tager ansvar", "text": "Forklaring"})]),
            "body": streamfield([("paragraph", rich_text("<p>Tekst</p>"))]),
            "source_publisher": "Forhandlingsfællesskabet og KL",
            "source_date": "2017-03-20",
            "source_url": "",
            "tags": "ledelse",
            "related_case_links": inline_formset([]),
            "last_reviewed": "2026-01-01",
        }
    )
    return {**data, "values": [Value.objects.get(slug="dialog").pk], "schemes": []}


def index_form_data(page):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": rich_text("<p>Indledning</p>"),
            "value_intro": "Tekst",
        }
    )
