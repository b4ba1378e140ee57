"""Reading the admin as a person does, to find English in it (tests/test_danish_admin.py)."""

import json
import re

from bs4 import BeautifulSoup, Comment

# English that editors, moderators and organisers met in the admin before it was translated: the
# issue's list first, then what the same walk found on these screens.
ENGLISH = [
    "Images",
    "Documents",
    "Reports",
    "Help",
    "Users",
    "Collapse all",
    "Choose an image",
    "Approve with comment",
    "There are no",
    "Page title",
    "Awaiting your review",
    # found on the walk
    "Actions",
    "Search",
    "Search all pages",
    "None",
    "ago",
    "Dashboard",
    "Pages",
    "Snippets",
    "Settings",
    "Edit",
    "Add child page",
    "Save draft",
    "Submit for moderation",
    "Publish",
    "Preview",
    "Approve",
    "Request changes",
    "Workflow",
    "Locked pages",
    "Site history",
    "Aging pages",
    "Page explorer",
    "Comments",
    "History",
    "Account",
    "Log out",
    "Editor Guide",
    "Add an image",
    "Add a document",
    "Choose a document",
    "Collection",
    "Title",
    "Updated",
    "Live",
    "Draft",
    "Delete",
    "Sort by",
    "Show filters",
    "Download CSV",
    "Inspect",
    "Skip to main content",
    "Loading",
    "Issues found",
    "Content metrics",
    "Unlocked",
    "Privacy",
    "Visible to all",
    "No publishing schedule set",
    "seconds",
    "minutes",
]
_ENGLISH_PATTERNS = [(phrase, re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")) for phrase in ENGLISH]

# JSON values that are not text for people: identifiers, URLs, CSS classes, icon names.
_NOT_TEXT_KEYS = {"_type", "url", "icon_name", "classname", "name", "id", "type", "selector"}


def _json_strings(value, key=None):
    if isinstance(value, dict):
        for child_key, child in value.items():
            if child_key not in _NOT_TEXT_KEYS:
                yield from _json_strings(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _json_strings(child, key)
    elif isinstance(value, str):
        yield value


def readable_text(html):
    """What a person reads or hears on the page: visible text, the accessible names and
    tooltips in attributes, and the texts of the JavaScript-drawn menu and editor."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for script in soup.find_all("script", type="application/json"):
        if script.get("id") != "wagtail-config":
            texts.extend(_json_strings(json.loads(script.string or "null")))
    for element in soup(["script", "style", "template"]):
        element.decompose()
    # Hidden content is kept: tabs, dropdowns and dialogs are shown on demand. Only the side
    # panel's error counter is left out: hidden until there are errors, it says »None« until then.
    for element in soup.find_all(attrs={"data-side-panel-toggle-counter": True, "hidden": True}):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    texts.extend(" ".join(text.split()) for text in soup.find_all(string=True) if text.strip())
    for attribute in ("aria-label", "title", "alt", "placeholder", "data-w-tooltip-content-value"):
        texts.extend(element[attribute] for element in soup.find_all(attrs={attribute: True}))
    for button in soup.find_all("input", type=["submit", "button"]):
        texts.append(button.get("value", ""))
    return "\n".join(texts)


def english_in(text):
    return [phrase for phrase, pattern in _ENGLISH_PATTERNS if pattern.search(text)]
