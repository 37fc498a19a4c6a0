# ruff: noqa: S608 - the SQL is built from constants of this module only, never from input
"""The progress of every traject (``TrajectProgress``), kept by the database itself.

The monitor sorts and filters on how far a traject is (steps finished, current step) and on its overdue
actions. Computing that per request meant one grouped query over every traject's steps and actions. Instead,
triggers on ``roadmap_step`` and ``roadmap_action`` recount the traject's progress row in the same transaction
as every insert, delete and relevant change, whatever code made it (the services, the admin, the demo seed,
a queryset update), and a trigger on ``roadmap_traject`` gives each new traject its row.

Concurrency: on PostgreSQL the trigger first locks the traject's row, then recounts in a new statement. In
READ COMMITTED that statement takes a fresh snapshot, so it sees every writer that held the lock before; a
recount in the same statement as the lock would not (the lost update of two actions added at once). It locks
the traject, not the progress row, because the services lock the traject as well (the history line marks it
changed), before or after their write: one lock, taken in any order, cannot make a cycle.

Overdue depends on the day, which a trigger does not know (and tests move): the row counts the open actions
due before ``overdue_counted_on`` and stores the nearest open due dates on either side of that day.
``overdue_refresh(today=...)`` recounts, from Python's date, only the rows in which an open action fell due
between the counted day and today: on most days none, found through two small indexes.

As with the survey counters, the triggers are created by the migration and checked after every ``migrate``
(``progress_ensure``): SQLite drops a table's triggers when a later migration rebuilds the table.
"""

import datetime

from django.db import connection as default_connection
from django.db import transaction
from django.db.models import Q

from participatie.db_triggers import triggers_drop, triggers_existing

from .constants import StepStatus

TABLE = "roadmap_trajectprogress"
FINISHED = f"('{StepStatus.DONE.value}', '{StepStatus.SKIPPED.value}')"
IN_PROGRESS = StepStatus.IN_PROGRESS.value
TRIGGER_TABLES = {"traject": "roadmap_traject", "step": "roadmap_step", "action": "roadmap_action"}

_STEPS = f"FROM roadmap_step s WHERE s.traject_id = {TABLE}.traject_id"
_OPEN_ACTIONS = (
    "FROM roadmap_action a JOIN roadmap_step s ON s.id = a.step_id "
    f"WHERE s.traject_id = {TABLE}.traject_id AND NOT a.is_done AND a.due_date IS NOT NULL"
)
# The whole row, recounted from the traject's steps and actions (also the backfill, without a WHERE).
RECOUNT = f"""UPDATE {TABLE} SET
    steps_finished = (SELECT COUNT(*) {_STEPS} AND s.status IN {FINISHED}),
    current_step = COALESCE(
        (SELECT MIN(s.number) {_STEPS} AND s.status = '{IN_PROGRESS}'),
        (SELECT MIN(s.number) {_STEPS} AND s.status NOT IN {FINISHED}),
        7),
    overdue_total = (SELECT COUNT(*) {_OPEN_ACTIONS} AND a.due_date < {TABLE}.overdue_counted_on),
    overdue_last_due = (SELECT MAX(a.due_date) {_OPEN_ACTIONS} AND a.due_date < {TABLE}.overdue_counted_on),
    overdue_next_due = (SELECT MIN(a.due_date) {_OPEN_ACTIONS} AND a.due_date >= {TABLE}.overdue_counted_on)"""

_PG_WHEN = {
    table: " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
    for table, columns in (
        ("roadmap_step", ("status", "number", "traject_id")),
        ("roadmap_action", ("is_done", "due_date", "step_id")),
    )
}
# (trigger, event, function): the function runs for each row; an update only when a counted column changed.
_PG_TRIGGERS = (
    ("roadmap_traject_progress_row", "INSERT", "roadmap_traject_progress_row()"),
    ("roadmap_step_progress_insert", "INSERT", "roadmap_step_progress()"),
    ("roadmap_step_progress_delete", "DELETE", "roadmap_step_progress()"),
    ("roadmap_step_progress_update", "UPDATE OF status, number, traject_id", "roadmap_step_progress()"),
    ("roadmap_action_progress_insert", "INSERT", "roadmap_action_progress()"),
    ("roadmap_action_progress_delete", "DELETE", "roadmap_action_progress()"),
    ("roadmap_action_progress_update", "UPDATE OF is_done, due_date, step_id", "roadmap_action_progress()"),
)
TRIGGERS = tuple(name for name, _event, _function in _PG_TRIGGERS)


def _pg_trigger(name: str, event: str, function: str) -> str:
    table = TRIGGER_TABLES[name.split("_")[1]]
    when = ""
    if event.startswith("UPDATE"):
        when = f"WHEN ({_PG_WHEN[table]})"
    return (
        f"DROP TRIGGER IF EXISTS {name} ON {table};\n"
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when} EXECUTE FUNCTION {function};\n"
    )


_POSTGRES = f"""
CREATE OR REPLACE FUNCTION roadmap_progress_recount(trajecten bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Lock the traject first (the row the services' history lines lock too, so no lock cycle); the UPDATE is
    -- a new statement with a fresh snapshot (see the module's docstring).
    PERFORM 1 FROM roadmap_traject WHERE id = ANY(trajecten) ORDER BY id FOR NO KEY UPDATE;
    {RECOUNT} WHERE traject_id = ANY(trajecten);
END $$;
CREATE OR REPLACE FUNCTION roadmap_traject_progress_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (traject_id, steps_finished, current_step, overdue_total, overdue_counted_on)
    VALUES (NEW.id, 0, 7, 0, CURRENT_DATE) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION roadmap_step_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- OLD is NULL on INSERT and NEW on DELETE; ANY() skips the NULL.
    PERFORM roadmap_progress_recount(ARRAY[OLD.traject_id, NEW.traject_id]);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION roadmap_action_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM roadmap_progress_recount(
        ARRAY(SELECT traject_id FROM roadmap_step WHERE id IN (OLD.step_id, NEW.step_id)));
    RETURN NULL;
END $$;
""" + "".join(_pg_trigger(*trigger) for trigger in _PG_TRIGGERS)


def _sqlite_trigger(name: str, event: str, table: str, trajecten: str, when: str = "") -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} {when} BEGIN "
        f"{RECOUNT} WHERE traject_id IN ({trajecten}); END"
    )


_STEP_OF = "SELECT traject_id FROM roadmap_step WHERE id = {}.step_id"
_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS roadmap_traject_progress_row AFTER INSERT ON roadmap_traject BEGIN
        INSERT OR IGNORE INTO {TABLE} (traject_id, steps_finished, current_step, overdue_total, overdue_counted_on)
        VALUES (NEW.id, 0, 7, 0, date('now'));
    END""",
    _sqlite_trigger("roadmap_step_progress_insert", "INSERT", "roadmap_step", "NEW.traject_id"),
    _sqlite_trigger("roadmap_step_progress_delete", "DELETE", "roadmap_step", "OLD.traject_id"),
    _sqlite_trigger(
        "roadmap_step_progress_update",
        "UPDATE OF status, number, traject_id",
        "roadmap_step",
        "OLD.traject_id, NEW.traject_id",
    ),
    _sqlite_trigger("roadmap_action_progress_insert", "INSERT", "roadmap_action", _STEP_OF.format("NEW")),
    _sqlite_trigger("roadmap_action_progress_delete", "DELETE", "roadmap_action", _STEP_OF.format("OLD")),
    _sqlite_trigger(
        "roadmap_action_progress_update",
        "UPDATE OF is_done, due_date, step_id",
        "roadmap_action",
        f"{_STEP_OF.format('OLD')} UNION {_STEP_OF.format('NEW')}",
    ),
]

# A row for every traject that has none, then every row recounted (the backfill; also after missing triggers).
_BACKFILL = [
    f"""INSERT INTO {TABLE} (traject_id, steps_finished, current_step, overdue_total, overdue_counted_on)
        SELECT t.id, 0, 7, 0, %s FROM roadmap_traject t
         WHERE NOT EXISTS (SELECT 1 FROM {TABLE} p WHERE p.traject_id = t.id)""",
    f"UPDATE {TABLE} SET overdue_counted_on = %s",
    RECOUNT,
]


def progress_ensure(*, connection=None, recount: bool = False, today: datetime.date | None = None) -> bool:
    """Create the progress triggers where missing and then recount every traject; returns whether it did.

    ``recount=True`` (the migration) always recounts. Call it with no write in progress (after ``migrate``).
    """
    from django.utils import timezone

    connection = connection or default_connection
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"traject progress needs triggers for {vendor}")
    today = today or timezone.localdate()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return False  # migrated back to before the progress table
        missing = set(TRIGGERS) - triggers_existing(cursor, vendor, TRIGGERS)
        if not missing and not recount:
            return False
        if vendor == "postgresql":
            cursor.execute(
                f"LOCK TABLE roadmap_traject, roadmap_step, roadmap_action, {TABLE} IN SHARE ROW EXCLUSIVE MODE"
            )
            cursor.execute(_POSTGRES)
        else:
            for statement in _SQLITE:
                cursor.execute(statement)
        cursor.execute(_BACKFILL[0], [today])
        cursor.execute(_BACKFILL[1], [today])
        cursor.execute(_BACKFILL[2])
    return True


def progress_drop(*, connection=None) -> None:
    """Remove the progress triggers (migrating back)."""
    triggers_drop(connection or default_connection, {name: TRIGGER_TABLES[name.split("_")[1]] for name in TRIGGERS})


def overdue_stale(*, today: datetime.date) -> Q:
    """Progress rows whose overdue count does not hold today: an open action fell due between then and now."""
    return Q(overdue_next_due__lt=today) | Q(overdue_last_due__gte=today)


def overdue_refresh(*, today: datetime.date) -> int:
    """Recount the overdue actions of the rows for which the day changed the count; returns how many.

    On most requests this is one indexed read that finds nothing. The rows are locked before the recount, so
    it sees (and is not overwritten by) the triggers of concurrent writers.
    """
    from django.db.models import Count, Max, Min, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from .models import Action, TrajectProgress

    stale = TrajectProgress.objects.filter(overdue_stale(today=today))
    if not stale.exists():
        return 0
    with transaction.atomic():
        list(stale.select_for_update().order_by("pk").values_list("pk", flat=True))
        open_dated = (
            Action.objects.filter(step__traject=OuterRef("pk"), is_done=False).order_by().values("step__traject")
        )
        past, coming = open_dated.filter(due_date__lt=today), open_dated.filter(due_date__gte=today)
        return stale.update(
            overdue_counted_on=today,
            overdue_total=Coalesce(Subquery(past.annotate(n=Count("pk")).values("n")), Value(0)),
            overdue_last_due=Subquery(past.annotate(day=Max("due_date")).values("day")),
            overdue_next_due=Subquery(coming.annotate(day=Min("due_date")).values("day")),
        )
