# ruff: noqa: S608 - the SQL is built from constants of this module only, never from input
"""Response counters (tellers) of every survey, kept by the database itself.

The dashboard, the survey list and the survey page show how many responses a survey has. Counting them live
grows with the responses; instead ``SurveyResponseCounter`` keeps running totals that triggers on
``surveys_response`` update in the same transaction as every insert, delete and change of status, pilot flag or
survey, whatever code (or SQL) made it: page saves, sending, closing, fieldwork entry, cleaning, retention,
anonymising, deleting a survey. A survey has ``COUNTER_SHARDS`` counter rows and a response counts in row
``id % COUNTER_SHARDS``, so concurrent submissions to one survey seldom wait for each other's row lock; a read sums
the rows (a fixed, small number per survey).

What is counted, as the pages always showed it: ``started`` = responses that are not pilot responses (any
status), ``complete`` = those that were sent (status compleet).

The triggers are created by the migration and checked after every ``migrate`` (``counters_ensure``): SQLite drops
a table's triggers when a later migration rebuilds the table, so missing ones are created again and the counters
recounted.
"""

from django.db import connection as default_connection
from django.db import transaction

from participatie.db_triggers import triggers_drop, triggers_existing

from .constants import ResponseStatus

COUNTER_SHARDS = 8
COUNTER_TABLE = "surveys_surveyresponsecounter"
COMPLETE = ResponseStatus.COMPLETE.value
TRIGGERS = (
    "surveys_response_counter_insert",
    "surveys_response_counter_delete",
    "surveys_response_counter_update",
    "surveys_survey_counter_rows",
)

_POSTGRES = f"""
CREATE OR REPLACE FUNCTION surveys_response_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.survey_id = NEW.survey_id THEN
        UPDATE {COUNTER_TABLE}
           SET started = started + (NOT NEW.is_pilot)::int - (NOT OLD.is_pilot)::int,
               complete = complete + (NOT NEW.is_pilot AND NEW.status = '{COMPLETE}')::int
                                   - (NOT OLD.is_pilot AND OLD.status = '{COMPLETE}')::int
         WHERE survey_id = NEW.survey_id AND shard = NEW.id % {COUNTER_SHARDS};
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.is_pilot THEN
        UPDATE {COUNTER_TABLE}
           SET started = started - 1, complete = complete - (OLD.status = '{COMPLETE}')::int
         WHERE survey_id = OLD.survey_id AND shard = OLD.id % {COUNTER_SHARDS};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NOT NEW.is_pilot THEN
        UPDATE {COUNTER_TABLE}
           SET started = started + 1, complete = complete + (NEW.status = '{COMPLETE}')::int
         WHERE survey_id = NEW.survey_id AND shard = NEW.id % {COUNTER_SHARDS};
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION surveys_survey_counter_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {COUNTER_TABLE} (survey_id, shard, started, complete)
    SELECT NEW.id, shard, 0, 0 FROM generate_series(0, {COUNTER_SHARDS - 1}) AS shard
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS surveys_response_counter_insert ON surveys_response;
CREATE TRIGGER surveys_response_counter_insert AFTER INSERT ON surveys_response
    FOR EACH ROW EXECUTE FUNCTION surveys_response_counter();
DROP TRIGGER IF EXISTS surveys_response_counter_delete ON surveys_response;
CREATE TRIGGER surveys_response_counter_delete AFTER DELETE ON surveys_response
    FOR EACH ROW EXECUTE FUNCTION surveys_response_counter();
DROP TRIGGER IF EXISTS surveys_response_counter_update ON surveys_response;
CREATE TRIGGER surveys_response_counter_update AFTER UPDATE OF status, is_pilot, survey_id ON surveys_response
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.is_pilot IS DISTINCT FROM NEW.is_pilot
                       OR OLD.survey_id IS DISTINCT FROM NEW.survey_id)
    EXECUTE FUNCTION surveys_response_counter();
DROP TRIGGER IF EXISTS surveys_survey_counter_rows ON surveys_survey;
CREATE TRIGGER surveys_survey_counter_rows AFTER INSERT ON surveys_survey
    FOR EACH ROW EXECUTE FUNCTION surveys_survey_counter_rows();
"""

_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS surveys_response_counter_insert AFTER INSERT ON surveys_response
        WHEN NOT NEW.is_pilot BEGIN
        UPDATE {COUNTER_TABLE} SET started = started + 1, complete = complete + (NEW.status = '{COMPLETE}')
         WHERE survey_id = NEW.survey_id AND shard = NEW.id % {COUNTER_SHARDS};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS surveys_response_counter_delete AFTER DELETE ON surveys_response
        WHEN NOT OLD.is_pilot BEGIN
        UPDATE {COUNTER_TABLE} SET started = started - 1, complete = complete - (OLD.status = '{COMPLETE}')
         WHERE survey_id = OLD.survey_id AND shard = OLD.id % {COUNTER_SHARDS};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS surveys_response_counter_update AFTER UPDATE OF status, is_pilot, survey_id
        ON surveys_response BEGIN
        UPDATE {COUNTER_TABLE}
           SET started = started - (NOT OLD.is_pilot),
               complete = complete - (NOT OLD.is_pilot AND OLD.status = '{COMPLETE}')
         WHERE survey_id = OLD.survey_id AND shard = OLD.id % {COUNTER_SHARDS};
        UPDATE {COUNTER_TABLE}
           SET started = started + (NOT NEW.is_pilot),
               complete = complete + (NOT NEW.is_pilot AND NEW.status = '{COMPLETE}')
         WHERE survey_id = NEW.survey_id AND shard = NEW.id % {COUNTER_SHARDS};
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS surveys_survey_counter_rows AFTER INSERT ON surveys_survey BEGIN
        INSERT OR IGNORE INTO {COUNTER_TABLE} (survey_id, shard, started, complete)
        VALUES {", ".join(f"(NEW.id, {shard}, 0, 0)" for shard in range(COUNTER_SHARDS))};
    END""",
]

# Every survey's counter rows, recounted from its responses (the backfill; also after triggers were missing).
_RECOUNT = [
    f"DELETE FROM {COUNTER_TABLE}",
    f"""INSERT INTO {COUNTER_TABLE} (survey_id, shard, started, complete)
        SELECT survey.id, shards.shard, COALESCE(counted.started, 0), COALESCE(counted.complete, 0)
          FROM surveys_survey survey
         CROSS JOIN ({" UNION ALL ".join(f"SELECT {shard} AS shard" for shard in range(COUNTER_SHARDS))}) shards
          LEFT JOIN (SELECT survey_id, id % {COUNTER_SHARDS} AS shard, COUNT(*) AS started,
                            SUM(CASE WHEN status = '{COMPLETE}' THEN 1 ELSE 0 END) AS complete
                       FROM surveys_response WHERE NOT is_pilot
                      GROUP BY survey_id, id % {COUNTER_SHARDS}) counted
            ON counted.survey_id = survey.id AND counted.shard = shards.shard""",
]


def counters_ensure(*, connection=None, recount: bool = False) -> bool:
    """Create the counter triggers where missing and then recount every survey; returns whether it did.

    ``recount=True`` (the migration) always recounts. Call it with no write in progress (after ``migrate``).
    """
    connection = connection or default_connection
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"response counters need triggers for {vendor}")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if COUNTER_TABLE not in connection.introspection.table_names(cursor):
            return False  # migrated back to before the counters
        missing = set(TRIGGERS) - triggers_existing(cursor, vendor, TRIGGERS)
        if not missing and not recount:
            return False
        if vendor == "postgresql":
            cursor.execute(f"LOCK TABLE surveys_response, {COUNTER_TABLE} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(_POSTGRES)
        else:
            for statement in _SQLITE:
                cursor.execute(statement)
        for statement in _RECOUNT:
            cursor.execute(statement)
    return True


def counters_drop(*, connection=None) -> None:
    """Remove the counter triggers (migrating back)."""
    triggers_drop(
        connection or default_connection,
        {name: "surveys_survey" if name == "surveys_survey_counter_rows" else "surveys_response" for name in TRIGGERS},
    )
