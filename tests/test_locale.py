"""The project's Danish for the Wagtail admin (locale/da/LC_MESSAGES) is complete and consistent.

Complete: every message in Wagtail's own English catalogues for the parts editors, moderators
and organisers use has a Danish translation here, with the same msgid, context and plural, so a
Wagtail update that adds messages fails this test with the list to translate.
Consistent: the agreed terms, not the ones Wagtail's partial Danish used.
"""

import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.utils import translation

WAGTAIL = Path(wagtail.__file__).parent
COVERED = ["admin", ".", "images", "documents", "snippets", "users", "contrib/settings", "embeds", "search"]
PROJECT = settings.BASE_DIR / "locale" / "da" / "LC_MESSAGES"


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def project_catalogue(domain):
    po = polib.pofile(str(PROJECT / f"{domain}.po"))
    return {key(entry): entry for entry in po if entry.translated() and not entry.obsolete}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_message_editors_meet_has_danish(domain):
    ours = project_catalogue(domain)
    missing = []
    for app in COVERED:
        english = WAGTAIL / app / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if english.exists():
            missing += [
                entry.msgid
                for entry in polib.pofile(str(english))
                if not entry.obsolete and key(entry) not in ours
            ]
    assert not missing, f"{len(missing)} Wagtail messages have no Danish in locale/da: {missing[:20]}"


# Wagtail's own Danish said »publicér«, »skitse«, »moderation« and »live«, and misspelt »blivet«.
AVOIDED = re.compile(r"\b(public[eé]r\w*|afpublic\w*|skitse\w*|moderation\w*|live|blivet)\b", re.IGNORECASE)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_danish_uses_the_agreed_terms(domain):
    wrong = [
        text
        for entry in project_catalogue(domain).values()
        for text in ([entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values())
        if AVOIDED.search(text)
    ]
    assert not wrong


def test_the_compiled_catalogue_is_what_django_uses():
    with translation.override("da"):
        assert translation.gettext("Awaiting your review") == "Venter på din godkendelse"
        assert translation.gettext("%(label)s and Publish") % {"label": "Godkend"} == "Godkend og udgiv"
        assert (
            translation.gettext("Page '%(page_title)s' has been submitted for moderation.")
            % {"page_title": "Ny erfaring"}
            == "Siden »Ny erfaring« er sendt til godkendelse."
        )
