"""A signed copy keeps the annex workbook it was signed with (it travels in the exchange
package); the database guard of 0007 covers the two new columns too."""

from django.db import migrations, models

import hangviet.reporting.models

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
    "annex",
    "annex_sha256",
)


def _changed(distinct: str) -> str:
    columns = " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in COLUMNS)
    signer = f"(NEW.signed_by_id {distinct} OLD.signed_by_id AND NEW.signed_by_id IS NOT NULL)"
    return f"({columns} OR {signer})"


# SQLite may rebuild the table to add the columns, which drops its triggers: both are made
# again (the delete guard unchanged from 0007).
SQLITE = [
    "DROP TRIGGER IF EXISTS hangviet_signed_copy_update",
    "DROP TRIGGER IF EXISTS hangviet_signed_copy_delete",
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
POSTGRESQL = [
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
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0008_receipts")]

    operations = [
        migrations.AddField(
            model_name="signedcopy",
            name="annex",
            field=models.FileField(
                blank=True, max_length=255, upload_to=hangviet.reporting.models.signed_path
            ),
        ),
        migrations.AddField(
            model_name="signedcopy",
            name="annex_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}), migrations.RunPython.noop
        ),
    ]
