# ruff: noqa: S608 - the SQL is built from constants of this module only, never from input
"""The stored "answered on" of every inbreng, kept by the database itself.

``Inbreng.answered_on`` is the date of its final terugkoppeling (any outcome but "in behandeling"), or NULL.
The register sorts on (answered or not, promised date) and the dashboard groups the year by it; a stored column
lets an index give that order instead of a join and a sort over the whole register on every page.

Triggers keep it equal to the truth in the same transaction as every write, whatever code (or SQL) made it:
``terugkoppeling_give`` and every integration path through it, the admin (change or delete a terugkoppeling),
the demo's ``update_or_create``, a cascade from deleting an inbreng, bulk and raw SQL. Service code would have
to remember each of those; a trigger cannot be forgotten. The column is also guarded from the other side: an
insert of an inbreng, or an update that changes ``answered_on`` (a stale instance saved with every field), gets
the true value recomputed, so no write can make it wrong.

The same module keeps the dashboard's tally (``DashboardTally``): triggers on ``feedback_inbreng`` add one to
the row of an inbreng's group and take one from its old group on every insert, change and delete (including the
changes of ``answered_on`` above), so the dashboard reads a few thousand tally rows, not a year of inbreng.

The triggers are created by the migration and checked after every ``migrate`` (``answered_on_ensure``): SQLite
drops a table's triggers when a later migration rebuilds the table, so missing ones are created again and the
column recomputed. The same pattern as the survey response counters (``surveys/counters.py``).
"""

from django.db import connection as default_connection
from django.db import transaction

from participatie.db_triggers import triggers_drop, triggers_existing

from .constants import ContributorKind, Outcome
from .models import TALLY_NO_DATE, TALLY_NO_DAYS

PENDING = Outcome.PENDING.value
ORGAAN = ContributorKind.ORGAAN.value
TALLY_TABLE = "feedback_dashboardtally"
TALLY_KEY = ("gemeente_id", "received_month", "source_kind", "orgaan", "promised_on", "answered_month", "late", "days")
TALLY_TRIGGERS = ("feedback_inbreng_tally_insert", "feedback_inbreng_tally_delete", "feedback_inbreng_tally_update")
# The inbreng columns a tally key is made of: a change of any other column leaves the tally alone.
TALLY_COLUMNS = (
    "gemeente_id",
    "received_on",
    "source_kind",
    "contributor_kind",
    "contributor_description",
    "promised_on",
    "answered_on",
)
TRIGGERS = (
    *TALLY_TRIGGERS,
    "feedback_terugkoppeling_answered_on_insert",
    "feedback_terugkoppeling_answered_on_delete",
    "feedback_terugkoppeling_answered_on_update",
    "feedback_inbreng_answered_on_insert",
    "feedback_inbreng_answered_on_update",
)


def _truth(inbreng_id: str) -> str:
    """SQL for the date of the final terugkoppeling of the inbreng ``inbreng_id`` (an SQL expression)."""
    return (
        "(SELECT MIN(given_on) FROM feedback_terugkoppeling "
        f"WHERE inbreng_id = {inbreng_id} AND outcome <> '{PENDING}')"
    )


def _tally_key(row: str, vendor: str) -> list[str]:
    """SQL for the tally key of the inbreng ``row`` (OLD, NEW or a table name), in the order of TALLY_KEY."""
    no_date = f"DATE '{TALLY_NO_DATE}'" if vendor == "postgresql" else f"'{TALLY_NO_DATE}'"
    if vendor == "postgresql":
        received_month = f"date_trunc('month', {row}.received_on)::date"
        answered_month = f"date_trunc('month', {row}.answered_on)::date"
        days = f"({row}.answered_on - {row}.received_on)"
    else:
        received_month = f"date({row}.received_on, 'start of month')"
        answered_month = f"date({row}.answered_on, 'start of month')"
        days = f"CAST(julianday({row}.answered_on) - julianday({row}.received_on) AS INTEGER)"
    return [
        f"{row}.gemeente_id",
        received_month,
        f"{row}.source_kind",
        f"CASE WHEN {row}.contributor_kind = '{ORGAAN}' AND {row}.contributor_description <> ''"
        f" THEN {row}.contributor_description ELSE '' END",
        f"CASE WHEN {row}.answered_on IS NULL THEN {row}.promised_on ELSE {no_date} END",
        f"CASE WHEN {row}.answered_on IS NULL THEN {no_date} ELSE {answered_month} END",
        f"CASE WHEN {row}.answered_on > {row}.promised_on THEN 1 ELSE 0 END",
        f"CASE WHEN {row}.answered_on IS NULL THEN {TALLY_NO_DAYS} ELSE {days} END",
    ]


def _tally_add(row: str, vendor: str, n: int) -> str:
    """SQL that adds ``n`` to the tally row of the inbreng ``row`` (an upsert)."""
    return (
        f"INSERT INTO {TALLY_TABLE} ({', '.join(TALLY_KEY)}, n) VALUES ({', '.join(_tally_key(row, vendor))}, {n}) "
        f"ON CONFLICT ({', '.join(TALLY_KEY)}) DO UPDATE SET n = {TALLY_TABLE}.n + excluded.n"
    )


_POSTGRES = f"""
CREATE OR REPLACE FUNCTION feedback_terugkoppeling_answered_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE feedback_inbreng SET answered_on = {_truth("OLD.inbreng_id")}
         WHERE id = OLD.inbreng_id AND answered_on IS DISTINCT FROM {_truth("OLD.inbreng_id")};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE feedback_inbreng SET answered_on = {_truth("NEW.inbreng_id")}
         WHERE id = NEW.inbreng_id AND answered_on IS DISTINCT FROM {_truth("NEW.inbreng_id")};
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION feedback_inbreng_answered_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.answered_on := {_truth("NEW.id")};
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION feedback_inbreng_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A change moves one count between two tally rows. Lock them in key order, so two transactions moving
    -- counts the opposite way (one answer given, another withdrawn) wait for each other, never deadlock.
    IF TG_OP = 'UPDATE' AND ROW({", ".join(_tally_key("OLD", "postgresql"))})
                          > ROW({", ".join(_tally_key("NEW", "postgresql"))}) THEN
        {_tally_add("NEW", "postgresql", 1)};
        {_tally_add("OLD", "postgresql", -1)};
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_tally_add("OLD", "postgresql", -1)};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_tally_add("NEW", "postgresql", 1)};
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS feedback_inbreng_tally_insert ON feedback_inbreng;
CREATE TRIGGER feedback_inbreng_tally_insert AFTER INSERT ON feedback_inbreng
    FOR EACH ROW EXECUTE FUNCTION feedback_inbreng_tally();
DROP TRIGGER IF EXISTS feedback_inbreng_tally_delete ON feedback_inbreng;
CREATE TRIGGER feedback_inbreng_tally_delete AFTER DELETE ON feedback_inbreng
    FOR EACH ROW EXECUTE FUNCTION feedback_inbreng_tally();
DROP TRIGGER IF EXISTS feedback_inbreng_tally_update ON feedback_inbreng;
CREATE TRIGGER feedback_inbreng_tally_update AFTER UPDATE OF {", ".join(TALLY_COLUMNS)} ON feedback_inbreng
    FOR EACH ROW WHEN (({", ".join(f"OLD.{c}" for c in TALLY_COLUMNS)})
                       IS DISTINCT FROM ({", ".join(f"NEW.{c}" for c in TALLY_COLUMNS)}))
    EXECUTE FUNCTION feedback_inbreng_tally();
DROP TRIGGER IF EXISTS feedback_terugkoppeling_answered_on_insert ON feedback_terugkoppeling;
CREATE TRIGGER feedback_terugkoppeling_answered_on_insert AFTER INSERT ON feedback_terugkoppeling
    FOR EACH ROW WHEN (NEW.outcome <> '{PENDING}') EXECUTE FUNCTION feedback_terugkoppeling_answered_on();
DROP TRIGGER IF EXISTS feedback_terugkoppeling_answered_on_delete ON feedback_terugkoppeling;
CREATE TRIGGER feedback_terugkoppeling_answered_on_delete AFTER DELETE ON feedback_terugkoppeling
    FOR EACH ROW WHEN (OLD.outcome <> '{PENDING}') EXECUTE FUNCTION feedback_terugkoppeling_answered_on();
DROP TRIGGER IF EXISTS feedback_terugkoppeling_answered_on_update ON feedback_terugkoppeling;
CREATE TRIGGER feedback_terugkoppeling_answered_on_update
    AFTER UPDATE OF outcome, given_on, inbreng_id ON feedback_terugkoppeling
    FOR EACH ROW WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.given_on IS DISTINCT FROM NEW.given_on
                       OR OLD.inbreng_id IS DISTINCT FROM NEW.inbreng_id)
    EXECUTE FUNCTION feedback_terugkoppeling_answered_on();
DROP TRIGGER IF EXISTS feedback_inbreng_answered_on_insert ON feedback_inbreng;
CREATE TRIGGER feedback_inbreng_answered_on_insert BEFORE INSERT ON feedback_inbreng
    FOR EACH ROW EXECUTE FUNCTION feedback_inbreng_answered_on();
DROP TRIGGER IF EXISTS feedback_inbreng_answered_on_update ON feedback_inbreng;
CREATE TRIGGER feedback_inbreng_answered_on_update BEFORE UPDATE OF answered_on ON feedback_inbreng
    FOR EACH ROW WHEN (OLD.answered_on IS DISTINCT FROM NEW.answered_on)
    EXECUTE FUNCTION feedback_inbreng_answered_on();
"""

# SQLite cannot change NEW in a trigger: the inbreng triggers correct the row after the write instead (SQLite
# does not fire triggers from within triggers unless recursive_triggers is on, so this ends there).
_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS feedback_inbreng_tally_insert AFTER INSERT ON feedback_inbreng BEGIN
        {_tally_add("NEW", "sqlite", 1)};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_inbreng_tally_delete AFTER DELETE ON feedback_inbreng BEGIN
        {_tally_add("OLD", "sqlite", -1)};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_inbreng_tally_update AFTER UPDATE OF {", ".join(TALLY_COLUMNS)}
        ON feedback_inbreng BEGIN
        {_tally_add("OLD", "sqlite", -1)};
        {_tally_add("NEW", "sqlite", 1)};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_terugkoppeling_answered_on_insert AFTER INSERT
        ON feedback_terugkoppeling WHEN NEW.outcome <> '{PENDING}' BEGIN
        UPDATE feedback_inbreng SET answered_on = {_truth("NEW.inbreng_id")} WHERE id = NEW.inbreng_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_terugkoppeling_answered_on_delete AFTER DELETE
        ON feedback_terugkoppeling WHEN OLD.outcome <> '{PENDING}' BEGIN
        UPDATE feedback_inbreng SET answered_on = {_truth("OLD.inbreng_id")} WHERE id = OLD.inbreng_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_terugkoppeling_answered_on_update AFTER UPDATE
        OF outcome, given_on, inbreng_id ON feedback_terugkoppeling BEGIN
        UPDATE feedback_inbreng SET answered_on = {_truth("OLD.inbreng_id")} WHERE id = OLD.inbreng_id;
        UPDATE feedback_inbreng SET answered_on = {_truth("NEW.inbreng_id")} WHERE id = NEW.inbreng_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_inbreng_answered_on_insert AFTER INSERT ON feedback_inbreng
        WHEN NEW.answered_on IS NOT {_truth("NEW.id")} BEGIN
        UPDATE feedback_inbreng SET answered_on = {_truth("NEW.id")} WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS feedback_inbreng_answered_on_update AFTER UPDATE OF answered_on
        ON feedback_inbreng WHEN NEW.answered_on IS NOT {_truth("NEW.id")} BEGIN
        UPDATE feedback_inbreng SET answered_on = {_truth("NEW.id")} WHERE id = NEW.id;
    END""",
]

# Every inbreng's column recomputed from its terugkoppelingen (the backfill; also after triggers were missing).
# Set-based: one UPDATE from a grouped read, not a subquery per row.
_RECOMPUTE = [
    f"""UPDATE feedback_inbreng SET answered_on = NULL
         WHERE answered_on IS NOT NULL AND id NOT IN (
               SELECT inbreng_id FROM feedback_terugkoppeling WHERE outcome <> '{PENDING}')""",
    f"""UPDATE feedback_inbreng SET answered_on = (
               SELECT final.given_on FROM (
                      SELECT inbreng_id, MIN(given_on) AS given_on FROM feedback_terugkoppeling
                       WHERE outcome <> '{PENDING}' GROUP BY inbreng_id) final
                WHERE final.inbreng_id = feedback_inbreng.id)
         WHERE id IN (SELECT inbreng_id FROM feedback_terugkoppeling WHERE outcome <> '{PENDING}')""",
]
_RECOMPUTE_POSTGRES = [
    _RECOMPUTE[0],
    f"""UPDATE feedback_inbreng SET answered_on = final.given_on
          FROM (SELECT inbreng_id, MIN(given_on) AS given_on FROM feedback_terugkoppeling
                 WHERE outcome <> '{PENDING}' GROUP BY inbreng_id) final
         WHERE final.inbreng_id = feedback_inbreng.id
           AND feedback_inbreng.answered_on IS DISTINCT FROM final.given_on""",
]


def _tally_recount(vendor: str) -> list[str]:
    """Every tally row counted afresh from the inbreng (after answered_on is right)."""
    key = _tally_key("feedback_inbreng", vendor)
    return [
        f"DELETE FROM {TALLY_TABLE}",
        f"""INSERT INTO {TALLY_TABLE} ({", ".join(TALLY_KEY)}, n)
            SELECT {", ".join(key)}, COUNT(*) FROM feedback_inbreng GROUP BY {", ".join(key)}""",
    ]


def answered_on_ensure(*, connection=None, recompute: bool = False) -> bool:
    """Create the triggers where missing, then recompute every inbreng's ``answered_on`` and the dashboard tally;
    returns whether it did.

    ``recompute=True`` (the migration, a bulk load with the triggers off) always recomputes. Call it with no
    write in progress (after ``migrate``).
    """
    connection = connection or default_connection
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"the stored answered_on needs triggers for {vendor}")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if TALLY_TABLE not in tables or "answered_on" not in {
            column.name for column in connection.introspection.get_table_description(cursor, "feedback_inbreng")
        }:
            return False  # migrated back to before the column
        missing = set(TRIGGERS) - triggers_existing(cursor, vendor, TRIGGERS)
        if not missing and not recompute:
            return False
        if vendor == "postgresql":
            cursor.execute(
                f"LOCK TABLE feedback_inbreng, feedback_terugkoppeling, {TALLY_TABLE} IN SHARE ROW EXCLUSIVE MODE"
            )
        # Recompute with no trigger in place (under the lock on PostgreSQL; SQLite has one writer), so the
        # set-based statements do not fire a trigger per row, then create the triggers.
        answered_on_drop(connection=connection)
        answered = _RECOMPUTE_POSTGRES if vendor == "postgresql" else _RECOMPUTE
        for statement in [*answered, *_tally_recount(vendor)]:
            cursor.execute(statement)
        for statement in [_POSTGRES] if vendor == "postgresql" else _SQLITE:
            cursor.execute(statement)
    return True


def answered_on_drop(*, connection=None) -> None:
    """Remove the triggers (migrating back, or a bulk load that recomputes afterwards)."""
    triggers_drop(
        connection or default_connection,
        {
            name: "feedback_inbreng" if name.startswith("feedback_inbreng") else "feedback_terugkoppeling"
            for name in TRIGGERS
        },
    )
