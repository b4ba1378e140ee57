from django import template

register = template.Library()


@register.filter
def bound_field(form, name):
    """form|bound_field:"workshop_…": a field whose name is only known at run time."""
    return form[name]


@register.filter
def programme_kind_label(kind):
    """value.kind|programme_kind_label: »Oplæg«, »Workshop«, »Pause« or »Debat«."""
    from ..blocks import ITEM_KIND_LABELS

    return ITEM_KIND_LABELS.get(kind or "talk", ITEM_KIND_LABELS["talk"])
