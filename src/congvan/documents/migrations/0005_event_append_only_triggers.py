"""The audit trail is append-only below the application too (issue 9): database triggers refuse to change what an
event recorded (who, what, when, from where) on both backends, and refuse to delete events on PostgreSQL.

Two changes stay possible because Django's own foreign keys make them: ``document`` and ``actor`` may become
NULL (a destroyed incoming copy, III.8.b; a removed account), never point somewhere else. On SQLite a DELETE
trigger would also fire on the test harness's flush (``DELETE FROM``), so deletion there is refused by the
application (``Event.delete``, ``EventQuerySet.delete``); PostgreSQL's flush is TRUNCATE, which row triggers do
not see. A deliberate purge on PostgreSQL sets ``SET LOCAL congvan.audit_purge = 'on'`` in its transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

MESSAGE = "audit events are append-only"

SQLITE_UP = [
    f"""CREATE TRIGGER congvan_event_no_update
    BEFORE UPDATE OF organization_id, action, from_state, to_state, comment, at, ip ON documents_event
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER congvan_event_no_reassign
    BEFORE UPDATE OF actor_id, document_id ON documents_event
    WHEN (NEW.actor_id IS NOT OLD.actor_id AND NEW.actor_id IS NOT NULL)
      OR (NEW.document_id IS NOT OLD.document_id AND NEW.document_id IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS congvan_event_no_update",
    "DROP TRIGGER IF EXISTS congvan_event_no_reassign",
]

POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION congvan_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('congvan.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{MESSAGE}';
    END IF;
    IF NEW.organization_id IS DISTINCT FROM OLD.organization_id
       OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.from_state IS DISTINCT FROM OLD.from_state
       OR NEW.to_state IS DISTINCT FROM OLD.to_state
       OR NEW.comment IS DISTINCT FROM OLD.comment
       OR NEW.at IS DISTINCT FROM OLD.at
       OR NEW.ip IS DISTINCT FROM OLD.ip
       OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
       OR (NEW.document_id IS DISTINCT FROM OLD.document_id AND NEW.document_id IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{MESSAGE}';
    END IF;
    RETURN NEW;
END
$$""",
    """CREATE TRIGGER congvan_event_append_only BEFORE UPDATE OR DELETE ON documents_event
    FOR EACH ROW EXECUTE FUNCTION congvan_event_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS congvan_event_append_only ON documents_event",
    "DROP FUNCTION IF EXISTS congvan_event_append_only()",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_access_shares_alerts_audit_guard")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
