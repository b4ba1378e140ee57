"""The conference programme: timed items and slots of parallel workshops.

Speakers are reusable profiles (home.Speaker snippets); an item's materials (slides, a video
with its transcript) are added by the organisers after the day."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

ITEM_KINDS = [
    ("talk", "Oplæg"),
    ("workshop", "Workshop"),
    ("break", "Pause"),
    ("debate", "Debat"),
]
ITEM_KIND_LABELS = dict(ITEM_KINDS)


def speakers_block(label="Oplægsholdere"):
    return blocks.ListBlock(
        SnippetChooserBlock("home.Speaker", label="Oplægsholder"),
        label=label,
        default=[],
        help_text="Vælg personerne blandt oplægsholderne, eller opret en ny profil.",
    )


class MaterialsBlock(blocks.StructBlock):
    """What the organisers share after the conference."""

    slides = DocumentChooserBlock(
        label="Slides (PDF)",
        required=False,
        help_text="Oplæggets slides som PDF, hvis oplægsholderen vil dele dem.",
    )
    video_url = blocks.URLBlock(
        label="Link til video",
        required=False,
        help_text="Fx en optagelse på YouTube eller kommunens videoplatform.",
    )
    transcript = blocks.TextBlock(
        label="Udskrift af videoen",
        required=False,
        help_text="Det, der bliver sagt i videoen, som tekst (påkrævet, når der er en video).",
    )

    class Meta:
        icon = "doc-full"
        label = "Materialer efter konferencen"
        collapsed = True

    def clean(self, value):
        result = super().clean(value)
        if result.get("video_url") and not (result.get("transcript") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"transcript": ["Skriv en udskrift af videoen, så alle kan få indholdet."]}
            )
        return result


class ProgrammeItemBlock(blocks.StructBlock):
    start = blocks.TimeBlock(
        label="Starter kl.",
        required=False,
        format="%H:%M",
        help_text="Tom, hvis tidspunktet ikke er fastlagt endnu.",
    )
    end = blocks.TimeBlock(label="Slutter kl.", required=False, format="%H:%M")
    title = blocks.CharBlock(label="Titel", max_length=250)
    kind = blocks.ChoiceBlock(
        label="Type", choices=ITEM_KINDS, default="talk", help_text="Oplæg, workshop, pause eller debat."
    )
    room = blocks.CharBlock(
        label="Lokale", max_length=100, required=False, help_text="Fx »Sal A«. Tom: hovedsalen."
    )
    description = blocks.TextBlock(
        label="Beskrivelse", required=False, help_text="Et par sætninger om, hvad punktet handler om."
    )
    speakers = speakers_block()
    materials = MaterialsBlock()

    class Meta:
        icon = "time"
        label = "Programpunkt"
        template = "conferences/blocks/programme_item_block.html"
        description = "Et punkt på dagens program med tidspunkt og eventuelle oplægsholdere."
        preview_value = {
            "start": "10:00",
            "end": "10:45",
            "title": "Når ledelsen tager ansvar for forløbet",
            "kind": "talk",
            "room": "",
            "description": "Jobmatch, inddragelse af medarbejdere og TR, og forløb, der skal stoppes.",
            "speakers": [],
        }

    def clean(self, value):
        result = super().clean(value)
        if result.get("end") and not result.get("start"):
            raise blocks.StructBlockValidationError(
                block_errors={"start": ["Skriv også, hvornår punktet starter."]}
            )
        if result.get("end") and result["end"] <= result["start"]:
            raise blocks.StructBlockValidationError(
                block_errors={"end": ["Sluttidspunktet skal ligge efter starttidspunktet."]}
            )
        return result


class WorkshopBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", max_length=250)
    description = blocks.TextBlock(label="Beskrivelse", required=False)
    room = blocks.CharBlock(label="Lokale", max_length=100, required=False, help_text="Fx »Lokale 2.14«.")
    speakers = speakers_block("Værter")
    capacity = blocks.IntegerBlock(
        label="Pladser",
        required=False,
        min_value=1,
        help_text="Antal pladser, hvis deltagerne skal tilmelde sig workshoppen. Tom: ingen tilmelding.",
    )
    materials = MaterialsBlock()

    class Meta:
        icon = "group"
        label = "Workshop"


class WorkshopSlotBlock(blocks.StructBlock):
    start = blocks.TimeBlock(label="Starter kl.", format="%H:%M")
    end = blocks.TimeBlock(label="Slutter kl.", required=False, format="%H:%M")
    title = blocks.CharBlock(
        label="Overskrift", max_length=250, default="Workshops", help_text="Fx »Workshops (vælg én)«."
    )
    workshops = blocks.ListBlock(
        WorkshopBlock(),
        label="Workshops",
        min_num=1,
        help_text="Workshops, der foregår samtidig. Deltagerne vælger én af dem, der kræver tilmelding.",
    )

    class Meta:
        icon = "list-ul"
        label = "Parallelle workshops"
        template = "conferences/blocks/workshop_slot_block.html"
        description = "Workshops, der foregår på samme tid, hver med sit eget antal pladser."

    def clean(self, value):
        result = super().clean(value)
        if result.get("end") and result["end"] <= result["start"]:
            raise blocks.StructBlockValidationError(
                block_errors={"end": ["Sluttidspunktet skal ligge efter starttidspunktet."]}
            )
        return result


class ProgrammeBlock(blocks.StreamBlock):
    item = ProgrammeItemBlock()
    workshop_slot = WorkshopSlotBlock()
