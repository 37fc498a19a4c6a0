"""Health URLs for load balancers and monitoring: liveness (the process answers) and readiness.

Both answer only "ok" (200) or "not ok" (503) as plain text, to anyone: no versions, host names or
error texts reach an anonymous caller; the reason a check failed goes to the log.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.generic import View

import redis

from .mixins import PUBLIC, RoleRequiredMixin

logger = logging.getLogger(__name__)

# Seconds a readiness check waits for Redis: a probe must answer long before the balancer gives up.
REDIS_HEALTH_TIMEOUT = 0.5


def _answer(ok: bool) -> HttpResponse:
    response = HttpResponse(
        "ok" if ok else "not ok", content_type="text/plain; charset=utf-8", status=200 if ok else 503
    )
    return response


def database_ready() -> bool:
    """The database answers a query."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def migrations_applied() -> bool:
    """No migration of the code is missing from the database."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def redis_ready() -> bool:
    """Redis answers a PING, when the portal is configured with Redis (embedded mode has none)."""
    if not settings.REDIS_URL:
        return True
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=REDIS_HEALTH_TIMEOUT, socket_timeout=REDIS_HEALTH_TIMEOUT
    )
    try:
        return bool(client.ping())
    finally:
        client.close()


READINESS_CHECKS = (database_ready, migrations_applied, redis_ready)


class LivenessView(RoleRequiredMixin, View):
    """Liveness: the process serves requests. Touches neither database nor Redis."""

    permission = PUBLIC
    no_store = True  # a probe must see the current state, never a cached one

    def get(self, request):
        return _answer(True)


class ReadinessView(RoleRequiredMixin, View):
    """Readiness: the database answers and is fully migrated, and Redis answers when configured."""

    permission = PUBLIC
    no_store = True

    def get(self, request):
        for check in READINESS_CHECKS:
            try:
                ok = check()
            except Exception:  # any failure of a dependency means "not ready", never a 500
                logger.exception("Readiness check %s failed", check.__name__)
                ok = False
            if not ok:
                logger.warning("Readiness check %s: not ok", check.__name__)
                return _answer(False)
        return _answer(True)
