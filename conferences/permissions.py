"""Who may do what with registrations and the anonymous counts in the admin.

The policies are registered with Wagtail here, so every view that asks Wagtail for a model's
policy (the viewsets, the dashboard panel, the menu items, the organisers' own views) gets them.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Evaluation, Registration, RegistrationCount


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Anonymous counts are written by the purge only; organisers may look and export."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are made by participants and deleted by them or by the retention rule,
    never added or deleted in the admin (not even by a superuser: it would skip the seat and
    waiting-list rules). Export is a permission of its own."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        if action == "export":
            return user.is_active and user.has_perm("conferences.export_registration")
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


registration_permission_policy = RegistrationPermissionPolicy(Registration)
register_permission_policy(Registration, registration_permission_policy)
register_permission_policy(RegistrationCount, ReadOnlyPermissionPolicy(RegistrationCount))
# Answers are written by participants only, anonymously; organisers look and export.
evaluation_permission_policy = ReadOnlyPermissionPolicy(Evaluation)
register_permission_policy(Evaluation, evaluation_permission_policy)
