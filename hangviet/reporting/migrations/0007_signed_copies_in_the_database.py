"""A signed copy never changes, in the database too (the model refuses a second save; this
guards the rows against any other way in): no column of a signed copy may be updated — except
its signer's account becoming NULL when the account is removed — and a signed copy is deleted
only while `hangviet flush` empties the whole database (0004's maintenance row)."""

from django.db import migrations

MESSAGE = "hangviet: a signed copy cannot be changed"
MAINTENANCE = "(SELECT COUNT(*) FROM hangviet_maintenance) = 0"
COLUMNS = (
    "consolidation_id",
    "version",
    "file",
    "sha256",
    "size",
    "number",
    "dated",
    "signed_at",
    "signer_certificate",
    "agency_certificate",
    "details",
)


def _changed(distinct: str) -> str:
    columns = " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in COLUMNS)
    signer = f"(NEW.signed_by_id {distinct} OLD.signed_by_id AND NEW.signed_by_id IS NOT NULL)"
    return f"({columns} OR {signer})"


SQLITE = [
    "CREATE TABLE IF NOT EXISTS hangviet_maintenance (reason TEXT NOT NULL)",
    f"""
    CREATE TRIGGER hangviet_signed_copy_update BEFORE UPDATE ON reporting_signedcopy
    WHEN {_changed("IS NOT")}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER hangviet_signed_copy_delete BEFORE DELETE ON reporting_signedcopy
    WHEN {MAINTENANCE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS hangviet_signed_copy_update",
    "DROP TRIGGER IF EXISTS hangviet_signed_copy_delete",
]

POSTGRESQL = [
    "CREATE TABLE IF NOT EXISTS hangviet_maintenance (reason TEXT NOT NULL)",
    f"""
    CREATE OR REPLACE FUNCTION hangviet_signed_copy_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF {MAINTENANCE} THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF {_changed("IS DISTINCT FROM")} THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS hangviet_signed_copy_frozen ON reporting_signedcopy",
    """
    CREATE TRIGGER hangviet_signed_copy_frozen BEFORE UPDATE OR DELETE ON reporting_signedcopy
    FOR EACH ROW EXECUTE FUNCTION hangviet_signed_copy_frozen()
    """,
]
POSTGRESQL_BACK = [
    "DROP TRIGGER IF EXISTS hangviet_signed_copy_frozen ON reporting_signedcopy",
    "DROP FUNCTION IF EXISTS hangviet_signed_copy_frozen()",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_signed_copy")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_BACK, "postgresql": POSTGRESQL_BACK}),
        )
    ]
