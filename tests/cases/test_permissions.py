"""Redaktører create and submit for approval; Moderatorer approve and publish."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from cases.models import CasePage
from cases.moderation import EDITORS, MODERATORS, WORKFLOW_NAME, ensure_groups_and_workflow
from tests.admin_language import english_in
from tests.conftest import pass_two_step

from .forms import case_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("library")]


@pytest.fixture
def groups(library):
    # The data migration made them; a transactional test's flush may have removed them since.
    ensure_groups_and_workflow()
    return {name: Group.objects.get(name=name) for name in (EDITORS, MODERATORS)}


def user_in(group, username):
    user = User.objects.create_user(username, password="not-used-in-tests")
    user.groups.add(group)
    return user


def add_url(library):
    return reverse("wagtailadmin_pages:add", args=("cases", "casepage", library.pk))


def test_groups_and_workflow_exist_after_migrating(library):
    # Without calling ensure_groups_and_workflow: the data migration did it.
    assert set(Group.objects.filter(name__in=[EDITORS, MODERATORS]).values_list("name", flat=True)) == {
        EDITORS,
        MODERATORS,
    }
    assert library.get_workflow().name == WORKFLOW_NAME


def test_editor_can_create_and_submit_but_not_publish(client, library, groups):
    client.force_login(user_in(groups[EDITORS], "redaktoer"))

    response = client.post(add_url(library), {**case_form_data(), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CasePage.objects.get(slug="ny-erfaring")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME

    response = client.post(add_url(library), {**case_form_data(slug="anden"), "action-publish": "1"})
    assert not CasePage.objects.get(slug="anden").live

    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit, {**case_form_data(), "action-publish": "1"})
    assert not Page.objects.get(pk=page.pk).live


def test_moderator_approves_the_submission_and_can_publish(client, library, groups):
    client.force_login(user_in(groups[EDITORS], "redaktoer"))
    client.post(add_url(library), {**case_form_data(), "action-submit": "1"})
    page = CasePage.objects.get(slug="ny-erfaring")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state

    client.force_login(user_in(groups[MODERATORS], "moderator"))
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    assert Page.objects.get(pk=page.pk).live

    response = client.post(add_url(library), {**case_form_data(slug="direkte"), "action-publish": "1"})
    assert response.status_code == 302
    assert CasePage.objects.get(slug="direkte").live


def test_editor_cannot_approve(client, library, groups):
    editor = user_in(groups[EDITORS], "redaktoer")
    client.force_login(editor)
    client.post(add_url(library), {**case_form_data(), "action-submit": "1"})
    page = CasePage.objects.get(slug="ny-erfaring")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    assert task_state.task.specific.get_actions(page, editor) == []
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)))
    assert not Page.objects.get(pk=page.pk).live


def messages_on(response):
    return [str(message.message) for message in response.context["messages"]] if response.context else []


def submitted_case(client, library, groups):
    client.force_login(user_in(groups[EDITORS], "redaktoer"))
    client.post(add_url(library), {**case_form_data(), "action-submit": "1"})
    page = CasePage.objects.get(slug="ny-erfaring")
    return page, WorkflowState.objects.get(object_id=str(page.pk)).current_task_state


def test_godkend_og_udgiv_in_the_editor_says_the_page_was_published(client, library, groups):
    page, _ = submitted_case(client, library, groups)
    client.force_login(user_in(groups[MODERATORS], "moderator"))
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert "Godkend og udgiv" in client.get(edit).content.decode()

    response = client.post(
        edit,
        {**case_form_data(), "action-workflow-action": "1", "workflow-action-name": "approve"},
        follow=True,
    )
    assert Page.objects.get(pk=page.pk).live
    shown = " ".join(messages_on(response))
    assert "Siden »Ny erfaring« er godkendt og udgivet." in shown
    assert "er opdateret" not in shown


def test_approving_from_the_dashboard_says_the_page_was_published(client, library, groups):
    page, task_state = submitted_case(client, library, groups)
    client.force_login(user_in(groups[MODERATORS], "moderator"))
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
        follow=True,
    )
    assert Page.objects.get(pk=page.pk).live
    assert "Siden »Ny erfaring« er godkendt og udgivet." in " ".join(messages_on(response))


def test_requesting_changes_says_the_page_was_not_published(client, library, groups):
    page, task_state = submitted_case(client, library, groups)
    client.force_login(user_in(groups[MODERATORS], "moderator"))
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk)),
        {"comment": "Tilføj en kontaktperson."},
        follow=True,
    )
    assert not Page.objects.get(pk=page.pk).live
    assert "Der er bedt om ændringer til siden »Ny erfaring«. Den er ikke udgivet." in " ".join(
        messages_on(response)
    )


def test_organisers_see_neither_the_review_report_nor_the_page_search(client, library, groups):
    organiser = User.objects.create_user("arrangoer", password="not-used-in-tests")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    pass_two_step(client, organiser)
    dashboard = client.get("/admin/").content.decode()
    assert "Erfaringer til gennemgang" not in dashboard
    assert 'role="search"' not in dashboard
    report = client.get(reverse("cases_due_for_review"))
    assert report.status_code == 302
    assert client.get(reverse("wagtailadmin_pages:search")).status_code == 302

    client.force_login(user_in(groups[EDITORS], "redaktoer"))
    dashboard = client.get("/admin/").content.decode()
    assert "Erfaringer til gennemgang" in dashboard
    assert 'role="search"' in dashboard
    assert client.get(reverse("cases_due_for_review")).status_code == 200


def test_workflow_mails_are_danish(client, library, groups, mailoutbox):
    moderator = user_in(groups[MODERATORS], "moderator")
    moderator.email = "moderator@example.dk"
    moderator.save()
    editor = user_in(groups[EDITORS], "redaktoer")
    editor.email = "redaktoer@example.dk"
    editor.save()
    client.force_login(editor)
    client.post(add_url(library), {**case_form_data(), "action-submit": "1"})
    page = CasePage.objects.get(slug="ny-erfaring")

    submitted = [mail for mail in mailoutbox if mail.to == ["moderator@example.dk"]]
    assert submitted, [mail.subject for mail in mailoutbox]
    assert (
        submitted[0].subject
        == "Siden »Ny erfaring« er sendt til godkendelse i trinnet »Godkendelse ved moderator«"
    )
    assert "Hej moderator" in submitted[0].body

    mailoutbox.clear()
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    client.force_login(moderator)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    approved = [mail for mail in mailoutbox if mail.to == ["redaktoer@example.dk"]]
    assert approved and approved[0].subject.startswith("Siden »Ny erfaring« er godkendt")
    for mail in submitted + approved:
        assert not english_in(mail.subject + "\n" + mail.body), mail.body
