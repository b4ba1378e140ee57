"""StreamField blocks of the library: the parts of a case story and a guidance article."""

from wagtail import blocks

from home.blocks import (
    RICH_TEXT_FEATURES,
    DocumentBlock,
    HeadingBlock,
    ImageBlock,
    QuoteBlock,
    paragraph_block,
)


class StorySectionBlock(blocks.RichTextBlock):
    """A part of a case story under a fixed heading, so every story reads in the same order."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = self.meta.heading
        return context

    class Meta:
        icon = "pilcrow"
        template = "blocks/story_section_block.html"
        heading = ""


class ResultsBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        label="Resultater",
        features=RICH_TEXT_FEATURES,
        help_text="Hvad kom der ud af forløbet for personen, kollegerne og kerneopgaven?",
    )
    documentation = blocks.TextBlock(
        label="Sådan blev det dokumenteret",
        required=False,
        help_text="Fx »Opfølgningssamtaler hver 4. uge og en trivselsmåling i teamet«.",
    )

    class Meta:
        icon = "tick-inverse"
        label = "Resultater"
        template = "blocks/results_block.html"
        preview_value = {
            "text": "<p>Praktikken blev til et fleksjob på 15 timer om ugen.</p>",
            "documentation": "Opfølgningssamtaler med jobcentret hver måned.",
        }


class CaseStoryBlock(blocks.StreamBlock):
    situation = StorySectionBlock(
        heading="Udgangspunktet",
        label="Udgangspunktet",
        features=RICH_TEXT_FEATURES,
        help_text="Arbejdspladsen, personen og situationen før forløbet.",
    )
    action = StorySectionBlock(
        heading="Det gjorde vi",
        label="Det gjorde vi",
        features=RICH_TEXT_FEATURES,
        help_text="Hvem gjorde hvad: ledelse, kolleger, HR, jobcenter, TR, MED-udvalg.",
    )
    results = ResultsBlock()
    lessons = StorySectionBlock(
        heading="Det lærte vi",
        label="Det lærte vi",
        features=RICH_TEXT_FEATURES,
        help_text="Råd til en anden arbejdsplads, der vil gøre det samme.",
    )
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentBlock()
    heading = HeadingBlock()
    paragraph = paragraph_block()


class KeyPointBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Pointe", max_length=200, help_text="Fx »Ledelsen tager ansvar«.")
    text = blocks.TextBlock(label="Forklaring", required=False)

    class Meta:
        icon = "tick"
        label = "Pointe"
        template = "blocks/key_point_block.html"
        preview_value = {
            "title": "Ledelsen tager ansvar",
            "text": "Ledelsen tager ansvar for hvert enkelt forløb.",
        }
