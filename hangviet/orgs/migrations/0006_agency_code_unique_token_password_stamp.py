"""A token remembers a fingerprint of its owner's password (a password change ends it); an
agency identification code names one unit only."""

import hashlib

from django.db import migrations, models


def stamp_existing_tokens(apps, schema_editor):
    """Tokens made before this migration keep working until their owner's password changes."""
    ApiToken = apps.get_model("orgs", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.password_stamp = hashlib.sha256(
            f"hangviet-token|{token.user.password}".encode()
        ).hexdigest()
        token.save(update_fields=["password_stamp"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_unit_agency_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="password_stamp",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(stamp_existing_tokens, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("agency_code", ""), _negated=True),
                fields=("agency_code",),
                name="unit_agency_code_unique",
            ),
        ),
    ]
