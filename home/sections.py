"""What other apps add to home's pages, without home importing them.

Home is the base the other apps build on, so it never imports them (docs/architecture.md).
Where one of its pages shows another app's content, it asks a Wagtail hook, and the app that
owns the content registers a function for it in its own wagtail_hooks.py:

- "home_page_sections": `function(context)` → HTML, one section of the home page under the
  featured pages (the library's newest items, the upcoming conferences), in hook `order`.
  `render_section()` renders an app's template inside the home page's context.
- "policy_values": `function()` → the values the policy page lists: objects with `name`,
  `description` and `url` (a landing page or None), in order.
- "speaker_appearances": `function(speaker)` → where a speaker profile (home.Speaker) is used in
  the app: objects with `label` (what it is, e.g. »Oplæg · Aarhus · 2. juni 2028«), `title`
  and `url`, for the speaker's page.

An app that is not installed simply adds nothing.
"""

import dataclasses

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

HOME_PAGE_SECTIONS = "home_page_sections"
POLICY_VALUES = "policy_values"
SPEAKER_APPEARANCES = "speaker_appearances"


def home_page_sections(context):
    """The sections the installed apps add to the home page, as one piece of HTML."""
    parts = (section(context) for section in hooks.get_hooks(HOME_PAGE_SECTIONS))
    return mark_safe("".join(conditional_escape(part) for part in parts if part))  # noqa: S308 - escaped above


def render_section(context, template_name, **extra):
    """Render template_name with the page's context plus `extra`, as {% include %} would."""
    template = context.template.engine.get_template(template_name)
    with context.push(**extra):
        return template.render(context)


def policy_values():
    """The values the installed apps give the policy page (the library's four values)."""
    return [value for source in hooks.get_hooks(POLICY_VALUES) for value in source()]


@dataclasses.dataclass(frozen=True)
class Appearance:
    """Where a speaker appears: what it is (»Oplæg · Aarhus · 02.06.2028«), its title and address."""

    label: str
    title: str
    url: str


def speaker_appearances(speaker):
    """Where the installed apps use a speaker profile: programme items, case stories."""
    return [item for source in hooks.get_hooks(SPEAKER_APPEARANCES) for item in source(speaker)]
