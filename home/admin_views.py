"""The Wagtail admin's page views, adjusted where editors and moderators were left guessing.

- After »Godkend og udgiv« (and every other workflow action) the message says what happened to
  the page: approved and published, approved and sent on to the next step, scheduled, or sent
  back with a request for changes. Wagtail itself only says »the page has been updated«, or
  nothing when the action was taken from the dashboard.
- A slug that is already taken gets a Danish explanation naming the page that has it and what
  to do. The usual cause is autosave: an editor who starts a page and walks away leaves a
  draft behind, and starting again with the same title meets that draft's slug.
- The page search names what it counts (»1–3 af 3 sider«, not »… None«).
- Inspect views show »–« for an empty value instead of »None«.

The page views are registered as the viewset for every page type (home/wagtail_hooks.py).
"""

import datetime

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.pages import create, edit, search, workflow
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, WorkflowState

from .danish_time import danish_time

EMPTY_VALUE = "–"


def _when(moment):
    return date_format(timezone.localtime(moment), "j. F Y \\k\\l. H.i")


def add_workflow_outcome_message(request, page, action):
    """Tell the moderator what their workflow action did to the page, read back from the
    database after the action: Wagtail publishes a page when its last task is approved."""
    page = Page.objects.get(pk=page.pk).specific
    title = page.get_admin_display_title()
    state = WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()
    buttons = []
    if action == "reject":
        message = f"Der er bedt om ændringer til siden »{title}«. Den er ikke udgivet."
    elif state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        next_task = state.current_task_state.task.name if state.current_task_state else ""
        message = f"Siden »{title}« er godkendt og sendt videre til »{next_task}«."
    elif page.live and not page.has_unpublished_changes:
        message = f"Siden »{title}« er godkendt og udgivet."
        if page.url:
            buttons.append(messages.button(page.url, "Se siden", new_window=False))
    elif page.latest_revision and page.latest_revision.approved_go_live_at:
        message = f"Siden »{title}« er godkendt og udgives {_when(page.latest_revision.approved_go_live_at)}."
    else:
        message = f"Siden »{title}« er godkendt."
    messages.success(request, message, buttons=buttons)


def free_slug(parent, slug):
    """The first of slug-2, slug-3, … that no child of parent has."""
    taken = set(parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


class SlugConflictMixin:
    """Explain »adressenavnet er optaget« in Danish: which page has the slug, and, when it is the
    editor's own abandoned draft, a button to carry on in it."""

    def slug_conflict(self, form):
        if "slug" not in form.errors:
            return None
        slug = form.data.get("slug", "")
        parent = self.slug_parent()
        if not slug or parent is None:
            return None
        siblings = parent.get_children().filter(slug=slug)
        if self.page.pk:
            siblings = siblings.exclude(pk=self.page.pk)
        return siblings.specific().first()

    def explain_slug_conflict(self, form, other):
        slug = other.slug
        title = other.get_admin_display_title()
        suggestion = free_slug(self.slug_parent(), slug)
        own_draft = (
            not other.live and other.first_published_at is None and other.owner_id == self.request.user.pk
        )
        if own_draft:
            saved = _when(other.latest_revision_created_at or other.last_published_at or timezone.now())
            message = (
                f"Du har allerede en kladde med adressenavnet »{slug}«: »{title}«, sidst gemt {saved}. "
                "Den blev nok gemt automatisk, da du begyndte på en side og gik fra den igen. "
                "Arbejd videre i kladden (eller slet den, hvis du ikke skal bruge den), "
                f"eller giv denne side et andet adressenavn under fanen »Promovering«, fx »{suggestion}«."
            )
            field_error = f"Din kladde »{title}« har allerede dette adressenavn. Brug fx »{suggestion}«."
            buttons = [
                messages.button(reverse("wagtailadmin_pages:edit", args=(quote(other.pk),)), "Åbn kladden")
            ]
        else:
            status = other.status_string
            message = (
                f"Adressenavnet »{slug}« bruges allerede af siden »{title}« ({status}) på samme sted. "
                f"Giv denne side et andet adressenavn under fanen »Promovering«, fx »{suggestion}«."
            )
            field_error = f"Bruges allerede af siden »{title}«. Brug fx »{suggestion}«."
            buttons = []
        form.errors["slug"] = form.error_class([field_error])
        return message, buttons

    def form_invalid(self, form):
        other = self.slug_conflict(form)
        if other is None:
            return super().form_invalid(form)
        message, buttons = self.explain_slug_conflict(form, other)
        if self.expects_json_response:  # autosave: the indicator shows this message
            return self.json_error_response("validation_error", message)
        messages.warning(self.request, message, buttons=buttons)
        return super().form_invalid(form)


class PageCreateView(SlugConflictMixin, create.CreateView):
    def slug_parent(self):
        return self.parent_page


class PageEditView(SlugConflictMixin, edit.EditView):
    def slug_parent(self):
        return self.page.get_parent()

    def add_save_confirmation_message(self):
        if self.action_name == "perform_workflow_action":
            add_workflow_outcome_message(self.request, self.page, self.workflow_action)
        else:
            super().add_save_confirmation_message()


class PageWorkflowActionView(workflow.WorkflowActionView):
    """The workflow actions on the dashboard's »Venter på din godkendelse«."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != self.task_state.STATUS_IN_PROGRESS:
            add_workflow_outcome_message(request, self.object, self.action_name)
        return response


class PageSearchView(search.SearchView):
    # Wagtail's search leaves these out, and its results header then counts »None«.
    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural


class SitePageViewSet(PageViewSet):
    """Wagtail's page views with the adjustments above, for every page type."""

    model = Page
    name = "site_pages"
    add_view_class = PageCreateView
    edit_view_class = PageEditView
    workflow_action_view_class = PageWorkflowActionView
    search_view_class = PageSearchView


class EmptyAsDashInspectView(InspectView):
    """An inspect view that shows »–« for an empty value, never »None«."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return EMPTY_VALUE
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return date_format(danish_time(value), "j. F Y \\k\\l. H.i")
        return value
