"""Reads of the shared core. Tenant scoping lives here, once: every app scopes through it."""

from django.db.models import Q, QuerySet

from .constants import Role
from .models import Gemeente, Membership, Regio


def _membership_list(*, user, roles=None) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=list(roles))
    return memberships


def user_sees_everything(user) -> bool:
    """Staff and superusers look after the whole installation."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def gemeente_list_for_user(*, user, roles=None) -> QuerySet[Gemeente]:
    """The gemeenten a user may work in, optionally only through the given roles.

    A membership of a regio counts for every gemeente of that regio (regional work).
    """
    if not (user.is_authenticated and user.is_active):
        return Gemeente.objects.none()
    if user_sees_everything(user):
        return Gemeente.objects.all()
    memberships = _membership_list(user=user, roles=roles)
    regio_gemeenten = Regio.gemeenten.through.objects.filter(
        regio__in=memberships.filter(regio__isnull=False).values("regio")
    ).values("gemeente")
    return Gemeente.objects.filter(
        Q(pk__in=memberships.filter(gemeente__isnull=False).values("gemeente")) | Q(pk__in=regio_gemeenten)
    )


def scope_to_user(queryset: QuerySet, *, user, path: str = "gemeente", roles=None, many: bool = False) -> QuerySet:
    """Restrict ``queryset`` to rows whose gemeente (at ``path``) the user may see.

    ``many=True`` for a path through a many-to-many relation (e.g. an orgaan serving
    several gemeenten): the filter then goes through a subquery so no row repeats.
    """
    if user_sees_everything(user):
        return queryset
    gemeenten = gemeente_list_for_user(user=user, roles=roles)
    if many:
        matching = queryset.model._default_manager.filter(**{f"{path}__in": gemeenten}).values("pk")
        return queryset.filter(pk__in=matching)
    return queryset.filter(**{f"{path}__in": gemeenten})


def user_roles_by_gemeente(*, user) -> dict[int, frozenset[str]]:
    """Every gemeente id the user works in, with the roles held there (regio memberships expanded).

    Cached on the user object, so a request asks the database once.
    """
    if not (user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_roles_by_gemeente", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    rows = Membership.objects.filter(user=user).values_list("gemeente_id", "regio_id", "role")
    regio_roles: dict[int, set[str]] = {}
    for gemeente_id, regio_id, role in rows:
        if gemeente_id:
            roles.setdefault(gemeente_id, set()).add(role)
        else:
            regio_roles.setdefault(regio_id, set()).add(role)
    if regio_roles:
        links = Regio.gemeenten.through.objects.filter(regio_id__in=regio_roles).values_list("regio_id", "gemeente_id")
        for regio_id, gemeente_id in links:
            roles.setdefault(gemeente_id, set()).update(regio_roles[regio_id])
    result = {gemeente_id: frozenset(held) for gemeente_id, held in roles.items()}
    user._roles_by_gemeente = result
    return result


def regio_list_coordinated(*, user) -> QuerySet[Regio]:
    """The regio's where the user is coordinator through a regio membership (regional coordinator)."""
    if not (user.is_authenticated and user.is_active):
        return Regio.objects.none()
    return Regio.objects.filter(
        pk__in=Membership.objects.filter(user=user, regio__isnull=False, role=Role.COORDINATOR).values("regio")
    )


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    """The user's memberships with their gemeente or regio, for the dashboard."""
    return (
        Membership.objects.filter(user=user)
        .select_related("gemeente", "regio")
        .order_by("gemeente__name", "regio__name", "role")
    )


def gemeente_list_public() -> QuerySet[Gemeente]:
    """All gemeenten, for the public start page."""
    return Gemeente.objects.order_by("name")


def audit_gemeente_list_for_user(*, user) -> QuerySet[Gemeente]:
    """The gemeenten whose audit trail the user may search: where they are coordinator (superusers: all)."""
    return gemeente_list_for_user(user=user, roles=[Role.COORDINATOR])


def audit_event_list_for_user(*, user, filters: dict) -> QuerySet:
    """Audit events (auditregels) the user may search, newest first; coordinators see their gemeenten only.

    Superusers and staff also see events without a gemeente (logins, role changes in a regio, empty purge runs).
    ``filters``: gemeente, action, actor (part of the recorded address), object_type, date_from, date_until.
    """
    from .models import AuditEvent

    events = AuditEvent.objects.select_related("gemeente")
    if not user_sees_everything(user):
        events = events.filter(gemeente__in=audit_gemeente_list_for_user(user=user))
    if filters.get("gemeente"):
        events = events.filter(gemeente=filters["gemeente"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("actor"):
        events = events.filter(actor_label__icontains=filters["actor"])
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"])
    if filters.get("date_from"):
        events = events.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_until"):
        events = events.filter(created_at__date__lte=filters["date_until"])
    return events.order_by("-created_at", "-id")
