"""What the organisers' group »Konferenceansvarlige« may do besides registrations: edit and
publish the conference section's pages, and upload and choose the documents and images those
pages use, in a collection of their own.

Organisers publish directly, without the moderation the library uses (docs/architecture.md,
»Arrangørerne udgiver selv«): a raised capacity or a moved closing time must take effect when
they save it, not when a library moderator has time. Wagtail's own permissions draw the line:
page permissions on the conference index (so the index and every conference under it, and
nothing else of the page tree), collection permissions on the collection »Konferencer« (so not
the library's files in the root collection), and the speaker profiles the programme chooses.

Every function takes an `apps` registry so the data migration can run it with historical
models; code at run time passes django.apps.apps.
"""

from django.apps import apps as global_apps

GROUP_NAME = "Konferenceansvarlige"
COLLECTION_NAME = "Konferencer"

# No "bulk_delete", "lock" or "unlock". Publishing lets Wagtail delete a leaf page, but a
# conference with registrations is unpublished, never deleted (ConferencePermissionTester).
PAGE_ACTIONS = ["add", "change", "publish"]
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "document", ["add", "change", "choose"]),
    ("wagtailimages", "image", ["add", "change", "choose"]),
]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", ["access"]),
    # registrations, their anonymous counts and the evaluations (migrations 0003 and 0010)
    ("conferences", "registration", ["view", "change", "export"]),
    ("conferences", "registrationcount", ["view"]),
    ("conferences", "evaluation", ["view"]),
    # The programme's speakers are home.Speaker profiles, chosen or created from the page editor.
    ("home", "speaker", ["add", "change", "view"]),
]


def _permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
    )
    return permission


def conference_collection(apps=global_apps):
    """The collection »Konferencer« under the root collection (made if missing), or None before
    Wagtail has a root collection."""
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return None
    existing = Collection.objects.filter(depth=2, name=COLLECTION_NAME, path__startswith=root.path).first()
    if existing is not None:
        return existing
    if apps is global_apps:
        return root.add_child(name=COLLECTION_NAME)
    # Historical models have no treebeard methods: place the child by hand, as add_child would.
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    steplen = 4
    if last is None:
        path = root.path + "0001"
    else:
        number = int(last.path[-steplen:], 36) + 1
        path = root.path + _base36(number).rjust(steplen, "0")
    child = Collection.objects.create(name=COLLECTION_NAME, path=path, depth=2, numchild=0)
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    return child


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text or "0"


def grant_conference_section(index_page_id, apps=global_apps):
    """Give the group its page permissions on a conference index (and so on its conferences)."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    for action in PAGE_ACTIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=index_page_id,
            permission=_permission(apps, "wagtailcore", "page", action),
        )


def grant_new_conference_index(sender, instance, created, raw=False, **kwargs):
    """post_save: a conference index made later (by load_site_content or in the admin) belongs
    to the organisers too."""
    if created and not raw:
        grant_conference_section(instance.pk)


def ensure_organiser_access(apps=global_apps):
    """Create (or complete) the group with all its permissions: the registrations, the
    conference section's pages, the collection and the speakers. Idempotent."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ConferenceIndexPage = apps.get_model("conferences", "ConferenceIndexPage")

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, actions in MODEL_PERMISSIONS:
        group.permissions.add(*(_permission(apps, app_label, model, action) for action in actions))
    collection = conference_collection(apps)
    if collection is not None:
        for app_label, model, actions in COLLECTION_PERMISSIONS:
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=_permission(apps, app_label, model, action)
                )
    for index_id in ConferenceIndexPage.objects.values_list("pk", flat=True):
        grant_conference_section(index_id, apps)
    return group
