"""A submitted report cannot change, enforced by the database itself (not only the views and
services): triggers refuse any change to the content of a submitted, returned or accepted
report, any move back to draft or out of a final state, and any figure added to or changed in
such a report. Reviewing (submitted → returned or accepted, with the reviewer's comment) stays
possible. Written for SQLite and PostgreSQL."""

from django.db import migrations

FROZEN = "('submitted', 'returned', 'accepted')"
MESSAGE = "hangviet: a submitted report cannot be changed"

SQLITE = [
    f"""
    CREATE TRIGGER hangviet_report_frozen BEFORE UPDATE ON reporting_unitreport
    WHEN OLD.status IN {FROZEN} AND (
        NEW.narrative IS NOT OLD.narrative
        OR NEW.version IS NOT OLD.version
        OR NEW.request_id IS NOT OLD.request_id
        OR NEW.submitted_at IS NOT OLD.submitted_at
        OR NEW.submitted_by_id IS NOT OLD.submitted_by_id
        OR NEW.status = 'draft'
        OR (OLD.status <> 'submitted' AND NEW.status IS NOT OLD.status)
    )
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER hangviet_figure_frozen_insert BEFORE INSERT ON reporting_figure
    WHEN (SELECT status FROM reporting_unitreport WHERE id = NEW.report_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER hangviet_figure_frozen_update BEFORE UPDATE ON reporting_figure
    WHEN (SELECT status FROM reporting_unitreport WHERE id = OLD.report_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS hangviet_report_frozen",
    "DROP TRIGGER IF EXISTS hangviet_figure_frozen_insert",
    "DROP TRIGGER IF EXISTS hangviet_figure_frozen_update",
]

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION hangviet_report_frozen() RETURNS trigger AS $$
    BEGIN
        IF OLD.status IN {FROZEN} AND (
            NEW.narrative IS DISTINCT FROM OLD.narrative
            OR NEW.version IS DISTINCT FROM OLD.version
            OR NEW.request_id IS DISTINCT FROM OLD.request_id
            OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
            OR NEW.submitted_by_id IS DISTINCT FROM OLD.submitted_by_id
            OR NEW.status = 'draft'
            OR (OLD.status <> 'submitted' AND NEW.status IS DISTINCT FROM OLD.status)
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER hangviet_report_frozen BEFORE UPDATE ON reporting_unitreport
    FOR EACH ROW EXECUTE FUNCTION hangviet_report_frozen()
    """,
    f"""
    CREATE OR REPLACE FUNCTION hangviet_figure_frozen() RETURNS trigger AS $$
    BEGIN
        IF (SELECT status FROM reporting_unitreport WHERE id = NEW.report_id) IN {FROZEN}
           OR (TG_OP = 'UPDATE' AND
               (SELECT status FROM reporting_unitreport WHERE id = OLD.report_id) IN {FROZEN})
        THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER hangviet_figure_frozen BEFORE INSERT OR UPDATE ON reporting_figure
    FOR EACH ROW EXECUTE FUNCTION hangviet_figure_frozen()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS hangviet_report_frozen ON reporting_unitreport",
    "DROP TRIGGER IF EXISTS hangviet_figure_frozen ON reporting_figure",
    "DROP FUNCTION IF EXISTS hangviet_report_frozen()",
    "DROP FUNCTION IF EXISTS hangviet_figure_frozen()",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_reminders")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
