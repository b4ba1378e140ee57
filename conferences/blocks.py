"""The conference programme: timed items and slots of parallel workshops."""

from wagtail import blocks


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="Navn", max_length=200)
    job_title = blocks.CharBlock(
        label="Titel", max_length=200, required=False, help_text="Fx »HR-konsulent«."
    )
    organisation = blocks.CharBlock(
        label="Organisation", max_length=200, required=False, help_text="Fx »Aarhus Kommune«."
    )

    class Meta:
        icon = "user"
        label = "Oplægsholder"


class ProgrammeItemBlock(blocks.StructBlock):
    start = blocks.TimeBlock(
        label="Starter kl.",
        required=False,
        format="%H:%M",
        help_text="Tom, hvis tidspunktet ikke er fastlagt endnu.",
    )
    end = blocks.TimeBlock(label="Slutter kl.", required=False, format="%H:%M")
    title = blocks.CharBlock(label="Titel", max_length=250)
    description = blocks.TextBlock(
        label="Beskrivelse", required=False, help_text="Et par sætninger om, hvad punktet handler om."
    )
    speakers = blocks.ListBlock(SpeakerBlock(), label="Oplægsholdere", default=[])

    class Meta:
        icon = "time"
        label = "Programpunkt"
        template = "blocks/programme_item_block.html"
        description = "Et punkt på dagens program med tidspunkt og eventuelle oplægsholdere."
        preview_value = {
            "start": "10:00",
            "end": "10:45",
            "title": "Når ledelsen tager ansvar for forløbet",
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
    speakers = blocks.ListBlock(SpeakerBlock(), label="Værter", default=[])
    capacity = blocks.IntegerBlock(
        label="Pladser",
        required=False,
        min_value=1,
        help_text="Antal pladser, hvis deltagerne skal tilmelde sig workshoppen. Tom: ingen tilmelding.",
    )

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
        template = "blocks/workshop_slot_block.html"
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
