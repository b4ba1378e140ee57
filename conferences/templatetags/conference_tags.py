from django import template

register = template.Library()


@register.filter
def bound_field(form, name):
    """form|bound_field:"workshop_…": a field whose name is only known at run time."""
    return form[name]
