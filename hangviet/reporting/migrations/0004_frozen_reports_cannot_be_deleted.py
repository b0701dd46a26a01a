"""Close the gaps of the database guard of submitted reports (0003):

- a submitted, returned or accepted report cannot be deleted, nor can its figures;
- a figure cannot be moved into such a report (the update trigger checked only the old row);
- once a report is returned or accepted, the reviewer's comment and time stay as written (the
  reviewer's account may still be removed: reviewed_by may become NULL).

Emptying the whole database (Django's `flush`, used between browser tests) is the one
exception: `hangviet flush` sets a row in `hangviet_maintenance` for its duration, a table
that is not a model and so is never flushed itself. Written for SQLite and PostgreSQL.
"""

from django.db import migrations

FROZEN = "('submitted', 'returned', 'accepted')"
FINAL = "('returned', 'accepted')"
MESSAGE = "hangviet: a submitted report cannot be changed"
MAINTENANCE = "(SELECT COUNT(*) FROM hangviet_maintenance) = 0"

SQLITE = [
    "CREATE TABLE IF NOT EXISTS hangviet_maintenance (reason TEXT NOT NULL)",
    "DROP TRIGGER IF EXISTS hangviet_report_frozen",
    "DROP TRIGGER IF EXISTS hangviet_figure_frozen_update",
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
        OR (OLD.status IN {FINAL} AND (
            NEW.review_comment IS NOT OLD.review_comment
            OR NEW.reviewed_at IS NOT OLD.reviewed_at
            OR (NEW.reviewed_by_id IS NOT OLD.reviewed_by_id AND NEW.reviewed_by_id IS NOT NULL)
        ))
    )
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER hangviet_report_frozen_delete BEFORE DELETE ON reporting_unitreport
    WHEN OLD.status IN {FROZEN} AND {MAINTENANCE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER hangviet_figure_frozen_update BEFORE UPDATE ON reporting_figure
    WHEN (SELECT status FROM reporting_unitreport WHERE id = OLD.report_id) IN {FROZEN}
      OR (SELECT status FROM reporting_unitreport WHERE id = NEW.report_id) IN {FROZEN}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER hangviet_figure_frozen_delete BEFORE DELETE ON reporting_figure
    WHEN (SELECT status FROM reporting_unitreport WHERE id = OLD.report_id) IN {FROZEN}
      AND {MAINTENANCE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS hangviet_report_frozen_delete",
    "DROP TRIGGER IF EXISTS hangviet_figure_frozen_delete",
    "DROP TABLE IF EXISTS hangviet_maintenance",
]

POSTGRESQL = [
    "CREATE TABLE IF NOT EXISTS hangviet_maintenance (reason TEXT NOT NULL)",
    f"""
    CREATE OR REPLACE FUNCTION hangviet_report_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status IN {FROZEN} AND {MAINTENANCE} THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF OLD.status IN {FROZEN} AND (
            NEW.narrative IS DISTINCT FROM OLD.narrative
            OR NEW.version IS DISTINCT FROM OLD.version
            OR NEW.request_id IS DISTINCT FROM OLD.request_id
            OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
            OR NEW.submitted_by_id IS DISTINCT FROM OLD.submitted_by_id
            OR NEW.status = 'draft'
            OR (OLD.status <> 'submitted' AND NEW.status IS DISTINCT FROM OLD.status)
            OR (OLD.status IN {FINAL} AND (
                NEW.review_comment IS DISTINCT FROM OLD.review_comment
                OR NEW.reviewed_at IS DISTINCT FROM OLD.reviewed_at
                OR (NEW.reviewed_by_id IS DISTINCT FROM OLD.reviewed_by_id
                    AND NEW.reviewed_by_id IS NOT NULL)
            ))
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS hangviet_report_frozen ON reporting_unitreport",
    """
    CREATE TRIGGER hangviet_report_frozen BEFORE UPDATE OR DELETE ON reporting_unitreport
    FOR EACH ROW EXECUTE FUNCTION hangviet_report_frozen()
    """,
    f"""
    CREATE OR REPLACE FUNCTION hangviet_figure_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF (SELECT status FROM reporting_unitreport WHERE id = OLD.report_id) IN {FROZEN}
               AND {MAINTENANCE} THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF (SELECT status FROM reporting_unitreport WHERE id = NEW.report_id) IN {FROZEN}
           OR (TG_OP = 'UPDATE' AND
               (SELECT status FROM reporting_unitreport WHERE id = OLD.report_id) IN {FROZEN})
        THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS hangviet_figure_frozen ON reporting_figure",
    """
    CREATE TRIGGER hangviet_figure_frozen BEFORE INSERT OR UPDATE OR DELETE ON reporting_figure
    FOR EACH ROW EXECUTE FUNCTION hangviet_figure_frozen()
    """,
]
POSTGRESQL_BACK: list[str] = []  # 0003's functions are restored by re-running it


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_frozen_reports_in_the_database")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_BACK, "postgresql": POSTGRESQL_BACK}),
        )
    ]
