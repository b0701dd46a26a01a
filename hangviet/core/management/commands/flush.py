"""Django's `flush`, allowed past the guard of submitted reports.

The database refuses to delete a submitted report or its figures (reporting migration 0004)
unless `hangviet_maintenance` holds a row; emptying the whole database is that case. The
browser tests flush between tests, and so may an operator resetting a demo.
"""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        guarded = "hangviet_maintenance" in connection.introspection.table_names()
        if guarded:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO hangviet_maintenance (reason) VALUES ('flush')")
        try:
            super().handle(**options)
        finally:
            if guarded:
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM hangviet_maintenance WHERE reason = 'flush'")
