"""System checks of the portal: every view served at a URL declares who may use it."""

from dataclasses import dataclass

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from .mixins import RoleRequiredMixin, declared_permission

# URL namespaces whose views keep their own permission system, with the reason.
OWN_PERMISSION_SYSTEM = {
    "admin": "Django admin: staff only, and each model's add/change/delete permissions",
}


@dataclass(frozen=True)
class ServedView:
    """One URL pattern and the view that serves it."""

    route: str
    name: str  # "namespace:name", or the route when the pattern has no name
    namespace: str
    callback: object
    converters: tuple[str, ...]  # names of the pattern's path arguments, e.g. ("pk",)

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)


def served_views(resolver=None, prefix: str = "", namespace: str = "") -> list[ServedView]:
    """Every URL pattern of the project (includes followed), with its view."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            found.extend(served_views(pattern, route, inner))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or route)
            converters = tuple(_converter_names(route))
            found.append(ServedView(route, name, namespace, pattern.callback, converters))
    return found


def _converter_names(route: str):
    # "organen/<int:orgaan_pk>/leden/<int:pk>/" -> orgaan_pk, pk
    for part in route.split("<")[1:]:
        yield part.split(">", 1)[0].split(":")[-1]


def permission_problem(served: ServedView) -> str | None:
    """Why a served view is not properly declared, or None when it is."""
    top_namespace = served.namespace.split(":")[0]
    if top_namespace in OWN_PERMISSION_SYSTEM:
        return None
    if getattr(served.callback, "__module__", "") == "django.views.static":
        return None  # uploaded files under DEBUG only (urls.py); production serves no media through Django
    view_class = served.view_class
    if view_class is None:
        return "is a function view; serve a class-based view that declares its permission"
    if not issubclass(view_class, RoleRequiredMixin):
        return f"{view_class.__qualname__} does not use participatie.mixins.RoleRequiredMixin"
    if declared_permission(view_class) is None:
        return f"{view_class.__qualname__} declares no permission (PUBLIC or a predicate) in its own class body"
    return None


@register()
def check_views_declare_permission(app_configs=None, **kwargs):
    """participatie.E001: a view served at a URL that does not declare its permission."""
    errors = []
    for served in served_views():
        problem = permission_problem(served)
        if problem:
            errors.append(Error(f"URL {served.name!r}: {problem}.", id="participatie.E001"))
    return errors
