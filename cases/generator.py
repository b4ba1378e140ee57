"""Random but valid case stories, for performance tests and trying the filters with volume."""

import datetime
import io
import random

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from home.images import pregenerate
from home.municipalities import MUNICIPALITY_CHOICES

from .models import CasePage, Role, Scheme, Value
from .models.pages import SECTOR_CHOICES

WORKPLACES = [
    "Plejecenter",
    "Børnehus",
    "Skole",
    "Materielgård",
    "Bibliotek",
    "Borgerservice",
    "Hjemmepleje",
    "Botilbud",
    "Rengøringsafdeling",
    "Kantine",
    "Svømmehal",
    "Genbrugsplads",
]
NAMES = ["Egebo", "Solsikken", "Lærkevang", "Bøgely", "Nord", "Syd", "Øst", "Vest", "Kastanjen", "Havbo"]
TAGS = [
    "jobmatch",
    "kerneopgave",
    "arbejdsmiljø",
    "fællesskab",
    "mentor",
    "ledelse",
    "styrker",
    "koordinering",
    "retningslinjer",
    "tillidsrepræsentant",
    "opfølgning",
    "introduktion",
]
TARGET_GROUPS = [
    "Ledige over 50 år",
    "Unge uden uddannelse",
    "Personer med nedsat arbejdsevne",
    "Borgere med psykisk sårbarhed",
    "Personer med udviklingshæmning",
    "Ledige med anden etnisk baggrund end dansk",
]
SENTENCES = [
    "Ledelsen tog ansvar for forløbet fra første dag.",
    "Kollegerne blev inddraget, før forløbet begyndte.",
    "Jobcentret og HR sikrede et godt jobmatch.",
    "Tillidsrepræsentanten var med til opfølgningen.",
    "Opgaverne bidrog til kerneopgaven i stedet for at tage tid fra den.",
    "Personen fik brugt sine styrker og blev en del af fællesskabet.",
    "Forløbet blev fulgt op hver måned og skrevet ned.",
    "Et forløb, der ikke fungerede, blev stoppet i tide.",
]


IMAGE_TITLE = "Genereret billede"
IMAGE_COLOURS = ["#004993", "#358000", "#b51a2b", "#6b4b8b", "#c28a00", "#3b6e6e"]


def _image_pool():
    """A few generated 1280×720 photos' stand-ins, made once and reused, with their renditions."""
    Image = get_image_model()
    pool = list(Image.objects.filter(title__startswith=IMAGE_TITLE).order_by("pk"))
    for number in range(len(pool), len(IMAGE_COLOURS)):
        buffer = io.BytesIO()
        PillowImage.new("RGB", (1280, 720), IMAGE_COLOURS[number]).save(buffer, "PNG")
        image = Image(
            title=f"{IMAGE_TITLE} {number + 1}",
            description=f"Ensfarvet testbillede nr. {number + 1} i stedet for et foto fra arbejdspladsen.",
            file=ImageFile(buffer, name=f"genereret-billede-{number + 1}.png"),
        )
        image.save()
        pool.append(image)
    for image in pool:
        pregenerate(image)
    return pool


def _paragraph(rng, count=3):
    return "<p>" + " ".join(rng.sample(SENTENCES, count)) + "</p>"


def build_case(rng, number, values, schemes, roles, images=()):
    """An unsaved CasePage with random taxonomy, tags and a complete story."""
    workplace = f"{rng.choice(WORKPLACES)} {rng.choice(NAMES)}"
    case = CasePage(
        title=f"Genereret erfaring {number}: {workplace}",
        slug=f"genereret-erfaring-{number}",
        lead=f"Genereret testindhold: et forløb på {workplace}. " + " ".join(rng.sample(SENTENCES, 2)),
        municipality=rng.choice(MUNICIPALITY_CHOICES)[0],
        workplace=f"{workplace} (genereret)",
        sector=rng.choice(SECTOR_CHOICES)[0],
        target_group=rng.choice(TARGET_GROUPS),
        listing_image=rng.choice([*images, None]) if images else None,
        last_reviewed=datetime.date.today() - datetime.timedelta(days=rng.randint(0, 600)),
        first_published_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 900), minutes=number),
        body=[
            {"type": "situation", "value": _paragraph(rng)},
            {"type": "action", "value": _paragraph(rng)},
            {
                "type": "results",
                "value": {"text": _paragraph(rng), "documentation": rng.choice(SENTENCES)},
            },
            {"type": "quote", "value": {"text": rng.choice(SENTENCES), "attribution": "Leder"}},
            {"type": "lessons", "value": _paragraph(rng, 2)},
        ],
    )
    case.values = rng.sample(values, rng.randint(1, min(2, len(values))))
    case.schemes = rng.sample(schemes, rng.randint(1, min(2, len(schemes)))) if schemes else []
    case.roles = rng.sample(roles, rng.randint(1, min(3, len(roles)))) if roles else []
    case.tags.add(*rng.sample(TAGS, rng.randint(1, 3)))
    return case


def generate_cases(library, count, *, seed=None, publish=True, progress=None):
    """Add `count` live case stories under the library. With publish=False they are saved
    live without revisions (much faster, for tests). `progress(done, total)` is called after each."""
    rng = random.Random(seed)  # noqa: S311 - test content, not security
    values = list(Value.objects.all())
    if not values:
        raise ValueError("Der er ingen værdier: kør load_site_content først.")
    schemes = list(Scheme.objects.all())
    roles = list(Role.objects.all())
    images = _image_pool()
    start = CasePage.objects.count() + 1
    taken = set(library.get_children().values_list("slug", flat=True))
    created = []
    number = start
    for done in range(1, count + 1):
        while f"genereret-erfaring-{number}" in taken:
            number += 1
        case = build_case(rng, number, values, schemes, roles, images)
        taken.add(case.slug)
        library.add_child(instance=case)
        if publish:
            case.save_revision().publish()
        created.append(case)
        if progress:
            progress(done, count)
    return created
