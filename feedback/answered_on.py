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

The triggers are created by the migration and checked after every ``migrate`` (``answered_on_ensure``): SQLite
drops a table's triggers when a later migration rebuilds the table, so missing ones are created again and the
column recomputed. The same pattern as the survey response counters (``surveys/counters.py``).
"""

from django.db import connection as default_connection
from django.db import transaction

from .constants import Outcome

PENDING = Outcome.PENDING.value
TRIGGERS = (
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


def _existing_triggers(cursor, vendor: str) -> set[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = ANY(%s)", [list(TRIGGERS)])
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {row[0] for row in cursor.fetchall()}


def answered_on_ensure(*, connection=None, recompute: bool = False) -> bool:
    """Create the triggers where missing and then recompute every inbreng's ``answered_on``; returns whether it did.

    ``recompute=True`` (the migration, a bulk load with the triggers off) always recomputes. Call it with no
    write in progress (after ``migrate``).
    """
    connection = connection or default_connection
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"the stored answered_on needs triggers for {vendor}")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "feedback_inbreng" not in tables or "answered_on" not in {
            column.name for column in connection.introspection.get_table_description(cursor, "feedback_inbreng")
        }:
            return False  # migrated back to before the column
        missing = set(TRIGGERS) - _existing_triggers(cursor, vendor)
        if not missing and not recompute:
            return False
        if vendor == "postgresql":
            cursor.execute("LOCK TABLE feedback_inbreng, feedback_terugkoppeling IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(_POSTGRES)
            recompute_statements = _RECOMPUTE_POSTGRES
        else:
            for statement in _SQLITE:
                cursor.execute(statement)
            recompute_statements = _RECOMPUTE
        for statement in recompute_statements:
            cursor.execute(statement)
    return True


def answered_on_drop(*, connection=None) -> None:
    """Remove the triggers (migrating back, or a bulk load that recomputes afterwards)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            table = "feedback_inbreng" if name.startswith("feedback_inbreng") else "feedback_terugkoppeling"
            suffix = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
