"""The one permission mixin the portal's views use."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .permissions import has_role_anywhere


class RoleRequiredMixin(LoginRequiredMixin):
    """Logged-in users only (others go to the login page); with ``required_roles``, only
    users who hold one of those roles in at least one gemeente (others get a 403).

    Object access is decided by the view's queryset, which comes from a selector that
    scopes to the user's gemeenten, so another gemeente's object is a 404.
    """

    required_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_roles and not has_role_anywhere(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
