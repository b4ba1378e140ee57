"""Who may do what in the library: the groups »Redaktører« and »Moderatorer« and the library's
moderation workflow.

Redaktører create and edit pages and submit them for approval; only Moderatorer publish.
Every function takes an `apps` registry so the data migration can run it with historical
models; code at run time passes django.apps.apps.
"""

from django.apps import apps as global_apps

EDITORS = "Redaktører"
MODERATORS = "Moderatorer"
TASK_NAME = "Godkendelse ved moderator"
WORKFLOW_NAME = "Gode erfaringer: godkendelse"

# Wagtail's first migration makes English groups with the same roles; we rename them.
_WAGTAIL_DEFAULT_NAMES = {EDITORS: "Editors", MODERATORS: "Moderators"}

_PAGE_PERMISSIONS = {
    EDITORS: ["add", "change"],
    MODERATORS: ["add", "change", "publish", "lock", "unlock"],
}
_COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "image", ["add", "change", "choose"]),
        ("wagtaildocs", "document", ["add", "change", "choose"]),
    ],
    MODERATORS: [
        ("wagtailimages", "image", ["add", "change", "choose", "delete"]),
        ("wagtaildocs", "document", ["add", "change", "choose", "delete"]),
    ],
}
_MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", ["access"]),
        ("cases", "casesubmission", ["view", "change"]),
        ("home", "speaker", ["add", "change", "view"]),
    ]
    + [("cases", model, ["view"]) for model in ("value", "scheme", "role")],
    MODERATORS: [
        ("wagtailadmin", "admin", ["access"]),
        ("cases", "casesubmission", ["view", "change"]),
        ("home", "speaker", ["add", "change", "delete", "view"]),
    ]
    + [("cases", model, ["add", "change", "delete", "view"]) for model in ("value", "scheme", "role")],
}


def _permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    codename = f"{action}_{model}"
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
    )
    return permission


def _group(apps, name):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=name).first()
    if group is None:
        group = Group.objects.filter(name=_WAGTAIL_DEFAULT_NAMES[name]).first()
        if group is not None:
            group.name = name
            group.save()
        else:
            group = Group.objects.create(name=name)
    return group


def ensure_groups_and_workflow(apps=global_apps):
    """Create (or complete) both groups, their permissions and the workflow. Idempotent."""
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name in (EDITORS, MODERATORS):
        group = groups[name] = _group(apps, name)
        for action in _PAGE_PERMISSIONS[name]:
            if root_page is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(apps, "wagtailcore", "page", action),
                )
        for app_label, model, actions in _COLLECTION_PERMISSIONS[name]:
            for action in actions:
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(apps, app_label, model, action),
                    )
        for app_label, model, actions in _MODEL_PERMISSIONS[name]:
            group.permissions.add(*(_permission(apps, app_label, model, action) for action in actions))

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(groups[MODERATORS])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    CaseIndexPage = apps.get_model("cases", "CaseIndexPage")
    for library in CaseIndexPage.objects.all():
        assign_workflow(library.pk, apps)
    return groups, workflow


def assign_workflow(page_id, apps=global_apps):
    """Put the library (and so every page under it) under the library's workflow."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
    return workflow
