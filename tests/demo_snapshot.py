"""The demo for transactional tests, loaded once per session and copied back after each flush.

A transactional test (browser journeys, worker round trips) runs on committed data, and
pytest-django flushes the database after it, so the next one needs the demo again. Loading it
runs the whole demo loader (about 15 s on two cores); on PostgreSQL the first load is kept as
each table's rows in COPY's binary format and copied back in well under a second, with the
sequences moved past the restored ids. SQLite (in memory) gets the loader each time.

The demo's files (report PDFs, uploads) are written under MEDIA_ROOT by the first load and are
not removed by a flush, so the restored rows still name files that exist.
"""

import os

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

_rows_by_table: dict[str, bytes] = {}


def load_demo() -> None:
    """The demo's rows in the (flushed) test database, as `manage.py load_demo` leaves them."""
    if connection.vendor != "postgresql":
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        return
    if not _rows_by_table:
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        _rows_by_table.update(_copy_out())
        return
    _copy_in(_rows_by_table)


def _tables() -> list[str]:
    # The tables a flush empties; django_migrations is not one of them.
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _copy_out() -> dict[str, bytes]:
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            name = connection.ops.quote_name(table)
            with cursor.copy(f"COPY {name} TO STDOUT (FORMAT BINARY)") as copy:
                rows[table] = b"".join(bytes(chunk) for chunk in copy)
    return rows


def _copy_in(rows: dict[str, bytes]) -> None:
    names = ", ".join(connection.ops.quote_name(table) for table in rows)
    with connection.cursor() as cursor:
        # The flush's post_migrate re-created content types and permissions under new ids;
        # they go too, so that the demo's rows come back with the ids they were saved with.
        cursor.execute(f"TRUNCATE {names} CASCADE")
        # Tables are copied in name order, not dependency order: foreign-key triggers wait.
        cursor.execute("SET session_replication_role = replica")
        try:
            for table, data in rows.items():
                name = connection.ops.quote_name(table)
                with cursor.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(data)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
        for statement in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
