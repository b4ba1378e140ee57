"""StreamField blocks shared by every page type that has free content."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Overskrift", max_length=200)
    level = blocks.ChoiceBlock(
        label="Niveau",
        choices=[("h2", "Overskrift 2"), ("h3", "Overskrift 3"), ("h4", "Overskrift 4")],
        default="h2",
        help_text="Brug niveauerne i rækkefølge: 2 under sidens titel, 3 under en 2'er.",
    )

    class Meta:
        icon = "title"
        label = "Overskrift"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Det lykkes, når ledelsen tager ansvar", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Citat")
    attribution = blocks.CharBlock(
        label="Hvem sagde det", required=False, help_text="Fx »Leder, hjemmeplejen«."
    )

    class Meta:
        icon = "openquote"
        label = "Citat"
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Vi diskuterer løbende kerneopgaven.",
            "attribution": "Tillidsrepræsentant",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Billede")
    alt_text = blocks.CharBlock(
        label="Alternativ tekst",
        max_length=250,
        help_text="Beskriv hvad billedet viser for den, der ikke kan se det. Påkrævet.",
    )
    caption = blocks.CharBlock(label="Billedtekst", required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Billede"
        template = "blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Dokument")
    title = blocks.CharBlock(
        label="Linktekst",
        required=False,
        help_text="Tom: dokumentets titel bruges. Sig hvad dokumentet er, fx »Politikken som PDF«.",
    )

    class Meta:
        icon = "doc-full"
        label = "Dokument"
        template = "blocks/document_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Knaptekst", max_length=80, help_text="Fx »Tilmeld dig«.")
    page = blocks.PageChooserBlock(label="Side", required=False)
    url = blocks.URLBlock(label="Eller webadresse", required=False)

    class Meta:
        icon = "link"
        label = "Opfordring (knap)"
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ["Vælg en side eller skriv en webadresse."]}
            )
        return result


class SiteContactBlock(blocks.StaticBlock):
    """The publishing organisation's address, phone and e-mail as set under Indstillinger → Sidefod
    og kontakt, so a page never repeats them (and never keeps an old number)."""

    class Meta:
        icon = "mail"
        label = "Kontaktoplysninger (fra indstillingerne)"
        admin_text = (
            "Viser organisationens navn, adresse, telefon og e-mail fra Indstillinger → Sidefod og kontakt."
        )
        template = "blocks/site_contact_block.html"


class AccessibilityStatementLinkBlock(blocks.StaticBlock):
    """A link to the official accessibility statement at the address in the site settings."""

    class Meta:
        icon = "link"
        label = "Link til den officielle tilgængelighedserklæring"
        admin_text = (
            "Linker til adressen på tilgængelighedserklæringen fra Indstillinger → Sidefod og kontakt "
            "(den, /was sender videre til)."
        )
        template = "blocks/accessibility_statement_link_block.html"


RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


def paragraph_block():
    """Free text with the site's rich-text features: the »Tekst« block of every stream."""
    return blocks.RichTextBlock(
        label="Tekst",
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = paragraph_block()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    site_contact = SiteContactBlock()
    accessibility_statement_link = AccessibilityStatementLinkBlock()


class PolicySectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="Overskrift", max_length=200)
    body = blocks.RichTextBlock(label="Tekst", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = "Afsnit"
        template = "blocks/policy_section_block.html"


class FeaturedLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label="Side")
    text = blocks.TextBlock(
        label="Kort tekst", required=False, help_text="Tom: sidens egen indledning bruges."
    )

    class Meta:
        icon = "pick"
        label = "Fremhævet side"
        template = "blocks/featured_link_block.html"
