"""The one permission mixin the portal's views use, and how a view declares who may use it.

Every view served at a URL declares ``permission`` in its own class body:

- ``permission = PUBLIC`` for a page anyone may open without logging in;
- a role predicate ``(user) -> bool`` for a page that shows no single object
  (e.g. ``can_view_surveys``);
- an object predicate ``(user, obj) -> bool`` for a page of one object, where the view's
  ``get_permission_object()`` returns that object (e.g. ``can_edit_survey``).

The declaration is never inherited: a view that declares none is refused at dispatch
(ImproperlyConfigured), the system check ``participatie.E001`` names it at start-up, and a test
walks every URL pattern. A mixin cannot switch the check off by setting ``permission = None``
(refused when the class is created), so no base class can shadow a view's check through the
inheritance order.

Object access is first decided by the view's queryset, which comes from a selector that scopes to
the user's gemeenten: another gemeente's object is a 404 before any predicate is asked.
"""

import inspect

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class _Public:
    """The marker of a public view: ``permission = PUBLIC``."""

    def __repr__(self):
        return "PUBLIC"


PUBLIC = _Public()


def is_logged_in(user) -> bool:
    """Any logged-in user, whatever their roles (e.g. changing their own password)."""
    return bool(user.is_authenticated)


def is_object_predicate(permission) -> bool:
    """True for a predicate (user, obj), False for a role predicate (user)."""
    required = [
        parameter
        for parameter in inspect.signature(permission).parameters.values()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    return len(required) >= 2


def declared_permission(view_class):
    """The permission ``view_class`` declares in its own body (unwrapped), or None when it declares none."""
    permission = view_class.__dict__.get("permission")
    if isinstance(permission, staticmethod):
        permission = permission.__func__
    return permission


class RoleRequiredMixin(AccessMixin):
    """Serves a view only to whom its declared ``permission`` allows.

    Not logged in (for a non-public view): the login page. Logged in but not allowed: a 403.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "permission" not in cls.__dict__:
            return
        permission = declared_permission(cls)
        if permission is not PUBLIC and not callable(permission):
            raise ImproperlyConfigured(
                f"{cls.__module__}.{cls.__qualname__}.permission must be PUBLIC or a predicate, not {permission!r}."
            )
        if permission is not PUBLIC:
            # A plain function in a class body would become a method; keep it a plain predicate.
            cls.permission = staticmethod(permission)

    def get_permission_object(self):
        """The object an object predicate is asked about; None for a page without one object."""
        return None

    def has_permission(self) -> bool:
        permission = declared_permission(type(self))
        if not is_object_predicate(permission):
            return bool(permission(self.request.user))
        obj = self.get_permission_object()
        if obj is None:
            raise ImproperlyConfigured(
                f"{type(self).__qualname__} declares an object predicate, but get_permission_object() gives no object."
            )
        return bool(permission(self.request.user, obj))

    def dispatch(self, request, *args, **kwargs):
        permission = declared_permission(type(self))
        if permission is None:
            raise ImproperlyConfigured(
                f"{type(self).__module__}.{type(self).__qualname__} declares no permission; "
                "set permission = PUBLIC or a predicate in the view's own class body."
            )
        if permission is not PUBLIC:
            if not request.user.is_authenticated:
                return self.handle_no_permission()
            if not self.has_permission():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
