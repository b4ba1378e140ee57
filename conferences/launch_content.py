"""Launch content of the conferences app, read from conferences/content/launch.json.

"Konferencer" under the home page with the two conferences the launch article announces:
København on Monday 8 May and Aarhus on Friday 2 June, in the first year in which both dates
are still ahead (so registration is open on a new install) and fall on those weekdays again, or
in a given year (2017: the originals).
Idempotent like home.launch_content: what exists is left as an editor may have changed it.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.launch_content import ensure_child_page, read_content
from home.models import HomePage

from .models import ConferenceIndexPage, ConferencePage
from .organiser_access import ensure_organiser_access

CONTENT_FILE = Path(__file__).parent / "content" / "launch.json"
ARTICLE_PUBLISHED = (3, 20)  # the article announcing the conferences: 20 March


def conference_year(specs, today=None, original_year=None):
    """The first year, from this one, in which every conference is still open for registration
    (its date is ahead and so is the close of registration, at noon the day before) and falls
    on the same weekday as in `original_year`, the year the article announced them for: a
    Monday conference must not become a Saturday one. The weekdays of a date repeat within 28
    years, so the search ends."""
    today = today or timezone.localdate()
    original_year = original_year or read_content(CONTENT_FILE)["original_year"]
    last_registration_day = today + datetime.timedelta(days=1)

    def fits(year):
        dates = [(datetime.date(year, s["month"], s["day"]), s) for s in specs]
        return all(
            date > last_registration_day
            and date.weekday() == datetime.date(original_year, spec["month"], spec["day"]).weekday()
            for date, spec in dates
        )

    for year in range(today.year, today.year + 29):
        if fits(year):
            return year
    raise ValueError("Ingen år passer til datoerne og ugedagene.")


def registration_window(date, now=None):
    """Opens when the article came out (or now, if that is later in the year than today);
    closes at noon the day before the conference."""
    tz = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    announced = datetime.datetime(date.year, *ARTICLE_PUBLISHED, 9, 0, tzinfo=tz)
    opens = min(announced, now.replace(second=0, microsecond=0))
    closes = datetime.datetime.combine(date - datetime.timedelta(days=1), datetime.time(12, 0), tzinfo=tz)
    return opens, closes


def ensure_index(home, spec, log):
    fields = {"title": spec["title"], "introduction": spec["introduction"], "show_in_menus": True}
    return ensure_child_page(home, ConferenceIndexPage, spec["slug"], fields, log)


def ensure_conference(index, defaults, spec, year, log):
    date = datetime.date(year, spec["month"], spec["day"])
    opens, closes = registration_window(date)
    fields = {
        "title": defaults["title"],
        "theme": defaults["theme"],
        "introduction": defaults["introduction"],
        "organisers": defaults["organisers"],
        "target_audience": defaults["target_audience"],
        "contact_name": defaults["contact_name"],
        "contact_email": defaults["contact_email"],
        "contact_phone": defaults["contact_phone"],
        "city": spec["city"],
        "date": date,
        "capacity": defaults["capacity"],
        "waiting_list_enabled": defaults["waiting_list_enabled"],
        "registration_opens": opens,
        "registration_closes": closes,
        "programme": [
            {
                "type": "item",
                "value": {
                    "start": None,
                    "end": None,
                    "title": item["title"],
                    "description": item["description"],
                    "speakers": [],
                },
            }
            for item in defaults["programme"]
        ],
    }
    page = ensure_child_page(index, ConferencePage, spec["slug"], fields, log)
    return page


@transaction.atomic
def load(log, year=None, content=None, **options):
    """Publish »Konferencer« and the two conferences in `year` (default: the first year in which
    both are still open for registration). Needs the home page (home's loader)."""
    content = content or read_content(CONTENT_FILE)
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("Forsiden findes ikke: indlæs home-indholdet først.")
    index = ensure_index(home, content["index"], log)
    ensure_organiser_access()  # the organisers' section and collection, also after a database flush
    year = year or conference_year(content["conferences"], original_year=content["original_year"])
    return [
        ensure_conference(index, content["conference_defaults"], spec, year, log)
        for spec in content["conferences"]
    ]
