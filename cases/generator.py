"""Random but valid case stories, for performance tests and trying the filters with volume."""

import datetime
import functools
import io
import json
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from PIL import Image as PillowImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from home.images import pregenerate
from home.municipalities import MUNICIPALITY_CHOICES
from home.page_cache import invalidate as invalidate_page_cache

from . import facet_counts
from .models import CasePage, LibraryPage, LibraryPageTag, Role, Scheme, Value
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


@functools.cache
def _searchable_content(block_type, raw_value):
    """What the search index reads from one story block (the generator reuses a few thousand)."""
    block = CasePage._meta.get_field("body").stream_block.child_blocks[block_type]
    return tuple(block.get_searchable_content(block.to_python(json.loads(raw_value))))


def build_case(rng, number, values, schemes, roles, tags, images=()):
    """An unsaved CasePage with random taxonomy, tags (Tag objects) and a complete story."""
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
        last_reviewed=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 600)),
        first_published_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 900), minutes=number),
    )
    story = [
        ("situation", _paragraph(rng)),
        ("action", _paragraph(rng)),
        ("results", {"text": _paragraph(rng), "documentation": rng.choice(SENTENCES)}),
        ("quote", {"text": rng.choice(SENTENCES), "attribution": "Leder"}),
        ("lessons", _paragraph(rng, 2)),
    ]
    case.body = [
        {"type": block_type, "value": value, "id": str(uuid.UUID(int=rng.getrandbits(128), version=4))}
        for block_type, value in story
    ]
    case.searchable_body = [
        text
        for block_type, value in story
        for text in _searchable_content(block_type, json.dumps(value, sort_keys=True))
    ]
    # Child relations held in memory: serializing the case for its revision reads no rows.
    for relation in get_all_child_relations(CasePage):
        setattr(case, relation.get_accessor_name(), [])
    case.values = rng.sample(values, rng.randint(1, min(2, len(values))))
    case.schemes = rng.sample(schemes, rng.randint(1, min(2, len(schemes)))) if schemes else []
    case.roles = rng.sample(roles, rng.randint(1, min(3, len(roles)))) if roles else []
    case.tagged_items = [LibraryPageTag(tag=tag) for tag in rng.sample(tags, rng.randint(1, 3))]
    return case


BATCH_SIZE = 1000


def _insert_rows(model, objs, *, returning=False):
    """One multi-row INSERT per batch of `model`'s own table (one level of a multi-table page).
    Django's bulk_create refuses models with parents, so each level is inserted on its own."""
    fields = [field for field in model._meta.local_concrete_fields if not (returning and field.primary_key)]
    return model._base_manager.all()._batched_insert(objs, fields, BATCH_SIZE)


def _bulk_insert_cases(library, cases, *, with_revisions):
    """Insert built CasePages as live children of the library: their tree rows, taxonomy,
    tags and search index entries (and revisions), in a fixed number of queries per batch."""
    page_content_type = ContentType.objects.get_for_model(Page)
    case_content_type = ContentType.objects.get_for_model(CasePage)
    last_child = library.get_last_child()
    step = last_child._get_lastpos_in_path() if last_child else 0
    now = timezone.now()
    for case in cases:
        step += 1
        case.path = Page._get_path(library.path, library.depth + 1, step)
        case.depth = library.depth + 1
        case.numchild = 0
        case.url_path = f"{library.url_path}{case.slug}/"
        case.draft_title = case.title
        case.content_type = case_content_type
        case.locale_id = library.locale_id
        case.live = True
        case.has_unpublished_changes = False
        case.last_published_at = case.first_published_at
    rows = _insert_rows(Page, cases, returning=True)
    for case, (pk,) in zip(cases, rows, strict=True):
        case.id = case.page_ptr_id = case.librarypage_ptr_id = pk
        case._state.adding = False
    _insert_rows(LibraryPage, cases)
    _insert_rows(CasePage, cases)
    Page.objects.filter(pk=library.pk).update(numchild=F("numchild") + len(cases))

    links = {"values": [], "schemes": [], "roles": []}
    for case in cases:
        for name in links:
            through = type(case)._meta.get_field(name).remote_field.through
            source, target = (f.attname for f in through._meta.concrete_fields if f.is_relation)
            links[name] += [
                through(**{source: case.pk, target: term.pk}) for term in getattr(case, name).all()
            ]
    for objs in links.values():
        if objs:
            type(objs[0]).objects.bulk_create(objs, batch_size=BATCH_SIZE)
    LibraryPageTag.objects.bulk_create(
        [
            LibraryPageTag(content_object_id=case.pk, tag_id=item.tag_id)
            for case in cases
            for item in case.tagged_items.all()
        ],
        batch_size=BATCH_SIZE,
    )
    _index_for_search(cases)

    if with_revisions:
        revisions = Revision.objects.filter(
            base_content_type=page_content_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        Revision.objects.bulk_create(
            [
                Revision(
                    content_type=case_content_type,
                    base_content_type=page_content_type,
                    object_id=str(case.pk),
                    created_at=now,
                    object_str=case.title,
                    content=case.serializable_data(),
                )
                for case in cases
            ],
            batch_size=BATCH_SIZE,
        )
        Page.objects.filter(pk__in=[case.pk for case in cases]).update(
            latest_revision=Subquery(revisions.values("pk")[:1]),
            live_revision=Subquery(revisions.values("pk")[:1]),
            latest_revision_created_at=now,
        )


def _search_texts(case):
    """The texts the search index holds for a built case, as (title, autocomplete, body) lists of
    (text, weight): modelsearch's fields and weights, read in one pass, with the story's text
    taken from the blocks it was built from (parsing the StreamField back would take longer
    than everything else the generator does)."""
    title, autocomplete, body = [], [], []

    def add(field, obj):
        if isinstance(field, RelatedFields):
            related = field.get_value(obj)
            for item in related.all() if related is not None else ():
                for sub_field in field.fields:
                    add(sub_field, item)
            return
        if isinstance(field, AutocompleteField):
            autocomplete.append((str(field.get_value(obj) or ""), "D"))
        elif isinstance(field, SearchField):
            if obj is case and field.field_name == "body":
                value = ", ".join(case.searchable_body)
            else:
                value = field.get_value(obj)
                value = ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
            (title if field.field_name == "title" else body).append((value, get_weight(field.boost)))

    for field in case.get_search_fields():
        add(field, case)
    return title, autocomplete, body


def _index_for_search(cases):
    """Add the cases to the search index. On PostgreSQL one INSERT per batch builds every
    tsvector the way modelsearch does (`setweight(to_tsvector(…))` joined with `||`)."""
    backend = get_search_backend()
    if connection.vendor != "postgresql":
        backend.add_bulk(CasePage, cases)
        return
    content_type = ContentType.objects.get_for_model(CasePage)
    rows, params = [], []

    def vector(texts, config):
        texts = [(text.strip(), weight) for text, weight in texts if text.strip()]
        if not texts:
            return "''::tsvector"
        for text, _ in texts:
            params.append(text)
        return " || ".join(f"setweight(to_tsvector('{config}', %s), '{weight}')" for _, weight in texts)

    for case in cases:
        title, autocomplete, body = _search_texts(case)
        params += [content_type.pk, str(case.pk)]
        sql = [vector(title, backend.config), vector(autocomplete, backend.autocomplete_config)]
        sql.append(vector(body, backend.config))
        params += [" ".join(t.strip() for t, _ in title), " ".join(t.strip() for t, _ in body if t.strip())]
        rows.append(f"(%s, %s, {sql[0]}, {sql[1]}, {sql[2]}, %s, %s)")
    table = IndexEntry._meta.db_table
    # title_norm is the average title length over the length of this title, as modelsearch's
    # own refresh sets it, computed in the INSERT instead of rewriting the rows afterwards.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH new (content_type_id, object_id, title, autocomplete, body, title_text, body_text) AS "  # noqa: S608 - table name and literals only
            f"(VALUES {', '.join(rows)}), "
            f"titles AS (SELECT title FROM {table} UNION ALL SELECT title FROM new), "
            "average AS (SELECT avg(length(title)) AS length FROM titles WHERE length(title) > 0) "
            f"INSERT INTO {table} "
            "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
            "SELECT new.content_type_id, new.object_id, new.title, new.autocomplete, new.body, "
            "COALESCE(average.length / NULLIF(length(new.title), 0), 1.0), new.title_text, new.body_text "
            "FROM new, average",
            params,
        )


def generate_cases(library, count, *, seed=None, publish=True, progress=None):
    """Add `count` live case stories under the library, inserted in batches (100,000 take a few
    minutes). With publish=True each also gets the published revision an editor would have
    made; with publish=False it has none (faster; Wagtail then edits the live page itself).
    `progress(done, total)` is called after each batch. Signals do not fire for the bulk
    inserts, so the reference index (image usage) is not updated; the page cache is renewed."""
    rng = random.Random(seed)  # noqa: S311 - test content, not security
    values = list(Value.objects.all())
    if not values:
        raise ValueError("Der er ingen værdier: kør load_site_content først.")
    schemes = list(Scheme.objects.all())
    roles = list(Role.objects.all())
    images = _image_pool()
    tags = _tags()
    taken = set(library.get_children().values_list("slug", flat=True))
    number = CasePage.objects.count() + 1
    created = []
    for start in range(0, count, BATCH_SIZE):
        batch = []
        for _ in range(min(BATCH_SIZE, count - start)):
            while f"genereret-erfaring-{number}" in taken:
                number += 1
            case = build_case(rng, number, values, schemes, roles, tags, images)
            taken.add(case.slug)
            batch.append(case)
        with transaction.atomic():
            library.refresh_from_db(fields=["numchild"])
            _bulk_insert_cases(library, batch, with_revisions=publish)
            # Bulk inserts send no signals: the library's facet counts are moved here.
            facet_counts.refresh([case.pk for case in batch])
        created += batch
        if progress:
            progress(len(created), count)
    invalidate_page_cache()
    return created


def _tags():
    """The generator's tags, created once (taggit makes the slugs)."""
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=TAGS)}
    return [existing.get(name) or Tag.objects.create(name=name) for name in TAGS]
