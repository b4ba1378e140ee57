"""Paper for the conference day: the participants a list or a set of name badges is for, the
name badges as a PDF, and the catering summary the kitchen and the venue plan from.

Only confirmed participants count (not the waiting list, cancelled or held registrations): they
are the ones who have a seat on the day.
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch

from .choices import NOT_A_MUNICIPALITY
from .models import Registration, Workshop, WorkshopBooking


def day_participants(conference, workshop=None):
    """The confirmed participants of a conference sorted by name, each with their workshop
    bookings (and the workshops) prefetched; with `workshop`, only those who have a seat on it.
    Two queries."""
    registrations = Registration.objects.filter(conference=conference, status=Registration.Status.CONFIRMED)
    if workshop is not None:
        registrations = registrations.filter(
            workshop_bookings__workshop=workshop,
            workshop_bookings__status=WorkshopBooking.Status.CONFIRMED,
        )
    bookings = WorkshopBooking.objects.select_related("workshop").order_by("workshop__sort_order")
    return list(
        registrations.order_by("name", "pk").prefetch_related(
            Prefetch("workshop_bookings", queryset=bookings)
        )
    )


def seated_workshops(registration):
    """The workshops the participant has a seat on, in programme order (not their queues)."""
    return [
        booking.workshop
        for booking in registration.workshop_bookings.all()
        if booking.status == WorkshopBooking.Status.CONFIRMED
    ]


def municipality_label(registration):
    """»Aarhus Kommune«, or nothing for someone who does not work in a municipality."""
    if registration.municipality == NOT_A_MUNICIPALITY:
        return ""
    return registration.get_municipality_display()


def sign_up_workshops(conference):
    """The workshops people sign up for (those with a number of seats), in programme order."""
    return list(Workshop.objects.filter(conference=conference, capacity__isnull=False).order_by("sort_order"))


# --- Name badges -----------------------------------------------------------------------------

MM = 72 / 25.4  # PDF points per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM  # A4 portrait
COLUMNS, ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = 95 * MM, 65 * MM
MARGIN_X = (PAGE_WIDTH - COLUMNS * BADGE_WIDTH) / 2
MARGIN_Y = (PAGE_HEIGHT - ROWS * BADGE_HEIGHT) / 2
PADDING = 6 * MM
TEXT_WIDTH = BADGE_WIDTH - 2 * PADDING
BADGES_PER_PAGE = COLUMNS * ROWS

# IBM Plex Sans, the site's own typeface, from Det Fælles Designsystem (installed with npm in
# every environment): it has æ, ø, å and the letters of most European names.
FONT_DIR = (
    Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "src" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
)
REGULAR, BOLD = "IBMPlexSans", "IBMPlexSans-Bold"

# The name: as large as fits on one line; a name too long even at NAME_WRAP_SIZE is set on two
# (or more) lines, shrinking down to NAME_MIN_SIZE.
NAME_MAX_SIZE, NAME_WRAP_SIZE, NAME_MIN_SIZE = 24, 16, 9
NAME_MAX_LINES = 3
DETAIL_MAX_SIZE, DETAIL_MIN_SIZE = 11, 7
DETAIL_MAX_LINES = 2


def _fonts():
    """Register the TrueType fonts with reportlab once; (regular, bold) font names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "IBMPlexSans-Regular.ttf")))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "IBMPlexSans-SemiBold.ttf")))
    return REGULAR, BOLD


def fit_text(text, font, width, max_size, min_size, max_lines, wrap_size=None):
    """(font size, lines) for text within `width` points: one line at the largest size from
    max_size down to wrap_size (default min_size) that fits; otherwise wrapped at spaces into at
    most max_lines lines, shrinking down to min_size. A word wider than the width is broken.
    Never wider than `width`; only at min_size with more than max_lines lines is the last line
    cut with »…«."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = " ".join(text.split())
    if not text:
        return max_size, []
    wrap_size = wrap_size or min_size
    size = max_size
    while size >= wrap_size:
        if stringWidth(text, font, size) <= width:
            return size, [text]
        size -= 0.5
    size = wrap_size
    while True:
        lines = []
        for line in simpleSplit(text, font, size, width):
            lines.extend(_break_long_word(line, font, size, width))
        if len(lines) <= max_lines:
            return size, lines
        if size <= min_size:
            kept = lines[:max_lines]
            last = kept[-1]
            while last and stringWidth(last + "…", font, size) > width:
                last = last[:-1]
            kept[-1] = last.rstrip() + "…"
            return size, kept
        size = max(min_size, size - 0.5)


def _break_long_word(line, font, size, width):
    """A line that is still too wide (one very long word) cut into pieces that fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = []
    while stringWidth(line, font, size) > width:
        cut = len(line) - 1
        while cut > 1 and stringWidth(line[:cut], font, size) > width:
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces


def workshop_line(workshop):
    return f"Workshop kl. {workshop.slot_start:%H.%M}: {workshop.title}"


def badge_lines(registration):
    """What a badge says under the name: workplace, municipality, the workshops with a seat."""
    lines = [registration.organisation, municipality_label(registration)]
    lines += [workshop_line(workshop) for workshop in seated_workshops(registration)]
    return [line for line in lines if line.strip()]


def badges_pdf(conference, participants, subtitle=""):
    """The name badges as an A4 PDF, 2 × 4 badges a sheet with thin cutting lines: each with the
    conference at the top, the name large, then workplace, municipality and workshops."""
    from reportlab.pdfgen import canvas

    regular, bold = _fonts()
    output = io.BytesIO()
    pdf = canvas.Canvas(output, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    title = f"Navneskilte: {conference.title}, {conference.city} {conference.date:%d.%m.%Y}"
    pdf.setTitle(title + (f" – {subtitle}" if subtitle else ""))
    pdf.setAuthor("Rummelighed i praksis")
    pdf.setCreator("Rummelighed i praksis")
    pdf.setLineWidth(0.3)
    pdf.setDash(2, 2)
    heading = f"{conference.title} · {conference.city} · {conference.date:%d.%m.%Y}"
    for number, registration in enumerate(participants):
        place = number % BADGES_PER_PAGE
        if number and not place:
            pdf.showPage()
            pdf.setLineWidth(0.3)
            pdf.setDash(2, 2)
        column, row = place % COLUMNS, place // COLUMNS
        left = MARGIN_X + column * BADGE_WIDTH
        top = PAGE_HEIGHT - MARGIN_Y - row * BADGE_HEIGHT
        pdf.setStrokeGray(0.6)
        pdf.rect(left, top - BADGE_HEIGHT, BADGE_WIDTH, BADGE_HEIGHT, stroke=1, fill=0)
        _draw_badge(pdf, left + PADDING, top - PADDING, heading, registration, regular, bold)
    if not participants:
        pdf.setFont(regular, 12)
        pdf.drawString(MARGIN_X, PAGE_HEIGHT - MARGIN_Y, "Ingen bekræftede deltagere.")
    pdf.showPage()
    pdf.save()
    return output.getvalue()


def _draw_badge(pdf, x, top, heading, registration, regular, bold):
    pdf.setFillGray(0.35)
    size, lines = fit_text(heading, regular, TEXT_WIDTH, 8, 6, 1)
    y = top - size
    pdf.setFont(regular, size)
    pdf.drawString(x, y, lines[0])
    y -= 6 * MM

    pdf.setFillGray(0)
    size, lines = fit_text(
        registration.name, bold, TEXT_WIDTH, NAME_MAX_SIZE, NAME_MIN_SIZE, NAME_MAX_LINES, NAME_WRAP_SIZE
    )
    pdf.setFont(bold, size)
    for line in lines:
        y -= size
        pdf.drawString(x, y, line)
        y -= size * 0.2
    y -= 3 * MM

    for detail in badge_lines(registration):
        size, lines = fit_text(
            detail, regular, TEXT_WIDTH, DETAIL_MAX_SIZE, DETAIL_MIN_SIZE, DETAIL_MAX_LINES
        )
        pdf.setFont(regular, size)
        for line in lines:
            y -= size * 1.25
            pdf.drawString(x, y, line)


# --- Catering summary ------------------------------------------------------------------------

# Free-text answers that mean »nothing«, so they count as no need rather than as a need.
NO_NEED = {"", "-", "–", "nej", "nej tak", "ingen", "intet", "ingenting", "ingen særlige", "ikke relevant"}


def need_key(text):
    """The form two spellings of one need share: spaces collapsed, case and a closing full stop
    ignored (»Vegetar.«, »vegetar« and » Vegetar« are one need)."""
    return " ".join(text.split()).rstrip(".!,; ").casefold()


@dataclass
class NeedCounts:
    """How many of `participants` gave each need (a free-text answer, grouped by need_key) and
    how many gave none. No names."""

    participants: int = 0
    needs: Counter = field(default_factory=Counter)
    spellings: dict = field(default_factory=dict)
    none: int = 0

    def add(self, text):
        self.participants += 1
        key = need_key(text)
        if key in NO_NEED:
            self.none += 1
            return
        self.needs[key] += 1
        self.spellings.setdefault(key, Counter())[" ".join(text.split()).rstrip(".!,; ")] += 1

    def label(self, key):
        """The most common spelling of a need (alphabetically first of equals)."""
        spellings = self.spellings[key]
        return min(spellings, key=lambda spelling: (-spellings[spelling], spelling))


@dataclass
class CateringGroup:
    """The whole conference or one workshop: its confirmed participants' dietary and
    accessibility needs."""

    label: str
    workshop: Workshop | None
    dietary: NeedCounts = field(default_factory=NeedCounts)
    accessibility: NeedCounts = field(default_factory=NeedCounts)

    @property
    def participants(self):
        return self.dietary.participants


@dataclass
class NeedRow:
    need: str
    counts: list  # one per group, in the groups' order


@dataclass
class CateringSummary:
    conference: object
    groups: list

    def rows(self, kind):
        """Each need of `kind` (»dietary« or »accessibility«) with its count per group: the most
        frequent first, then alphabetically; the participants with no need last."""
        whole = getattr(self.groups[0], kind)
        keys = sorted(whole.needs, key=lambda key: (-whole.needs[key], whole.label(key).casefold()))
        rows = [
            NeedRow(whole.label(key), [getattr(group, kind).needs[key] for group in self.groups])
            for key in keys
        ]
        rows.append(NeedRow("Intet oplyst", [getattr(group, kind).none for group in self.groups]))
        return rows

    def export_rows(self):
        """The summary as rows for a spreadsheet: group, kind of need, need, number."""
        for kind, heading in (("dietary", "Kosthensyn"), ("accessibility", "Tilgængelighed")):
            for row in self.rows(kind):
                for group, count in zip(self.groups, row.counts, strict=True):
                    if count:
                        yield [group.label, group.participants, heading, row.need, count]


def catering_summary(conference):
    """Counts of each dietary and accessibility need among the confirmed participants: for the
    whole conference and for each sign-up workshop in the programme (those with a seat on it).
    Three queries."""
    participants = day_participants(conference)
    workshops = {w.pk: w for w in sign_up_workshops(conference) if w.active}
    for registration in participants:
        for workshop in seated_workshops(registration):
            workshops.setdefault(workshop.pk, workshop)
    whole = CateringGroup("Hele konferencen", None)
    groups = {
        pk: CateringGroup(f"{workshop_line(workshop)}", workshop)
        for pk, workshop in sorted(workshops.items(), key=lambda item: item[1].sort_order)
    }
    for registration in participants:
        for group in [whole] + [groups[w.pk] for w in seated_workshops(registration)]:
            group.dietary.add(registration.dietary_needs)
            group.accessibility.add(registration.accessibility_needs)
    return CateringSummary(conference, [whole, *groups.values()])
