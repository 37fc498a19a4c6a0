"""On PostgreSQL, the audit trail refuses UPDATE and DELETE of its rows, whoever asks (docs/security.md).

A trigger rather than only REVOKE: it also holds for the table's owner, the role the migrations run as.
SQLite (development) gets nothing; the application never changes or deletes an audit event anyway.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION participatie_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'participatie_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS participatie_auditevent_append_only ON participatie_auditevent;
CREATE TRIGGER participatie_auditevent_append_only
    BEFORE UPDATE OR DELETE ON participatie_auditevent
    FOR EACH ROW EXECUTE FUNCTION participatie_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS participatie_auditevent_append_only ON participatie_auditevent;
DROP FUNCTION IF EXISTS participatie_auditevent_append_only();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("participatie", "0005_audit_event")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
