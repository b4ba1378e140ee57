from django import template
from django.utils import timezone

from conferences.models import ConferencePage

register = template.Library()


@register.filter
def bound_field(form, name):
    """form|bound_field:"workshop_…": a field whose name is only known at run time."""
    return form[name]


@register.inclusion_tag("conferences/includes/upcoming_conferences.html", takes_context=True)
def upcoming_conferences(context, limit=3):
    """The next conferences with their registration state, for the home page (one query)."""
    conferences = (
        ConferencePage.objects.live()
        .public()
        .filter(date__gte=timezone.localdate())
        .with_seat_counts()
        .order_by("date", "start_time")[:limit]
    )
    return {"conferences": list(conferences), "request": context.get("request")}
