"""Load the demo once per test session, then put the same rows back for every browser test.

``load_demo()`` goes through the services (numbering, deliveries, the campaign, the portal, the search index)
and takes seconds; each browser test needs it fresh because it changes it. So the first test loads it for real
and copies every Django table into a twin table (``CREATE TABLE … AS SELECT *``, inside the database, the same
on SQLite and PostgreSQL); the next tests empty the tables and copy the rows back in one transaction (foreign
keys are deferred on both backends), rebuild the search index and copy the stored files. Row counts are
compared after each restore. ``CONGVAN_E2E_FRESH_DEMO=1`` loads the demo for every test instead.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

PREFIX = "e2e_snap_"


@dataclass
class Snapshot:
    tables: list[str]
    counts: dict[str, int]
    files: Path
    result: dict[str, Any] = field(default_factory=dict)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _counts(tables: list[str]) -> dict[str, int]:
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _freeze(value: Any) -> Any:
    """Model instances become (model, pk) so they can be fetched again from the restored rows."""
    if isinstance(value, models.Model):
        return ("model", type(value), value.pk)
    if isinstance(value, list) and value and all(isinstance(v, models.Model) for v in value):
        return ("models", [(type(v), v.pk) for v in value])
    return ("value", value)


def _thaw(frozen: Any) -> Any:
    kind = frozen[0]
    if kind == "model":
        return frozen[1]._default_manager.get(pk=frozen[2])
    if kind == "models":
        return [model._default_manager.get(pk=pk) for model, pk in frozen[1]]
    return frozen[1]


def take(result: dict[str, Any], *, media_root: Path, keep: Path) -> Snapshot:
    """Copy the freshly loaded demo (tables and stored files) aside."""
    qn = connection.ops.quote_name
    tables = _tables()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {qn(PREFIX + table)}")
            cursor.execute(f"CREATE TABLE {qn(PREFIX + table)} AS SELECT * FROM {qn(table)}")
    files = keep / "files"
    if media_root.exists():
        shutil.copytree(media_root, files, dirs_exist_ok=True)
    else:
        files.mkdir(parents=True, exist_ok=True)
    return Snapshot(
        tables=tables,
        counts=_counts(tables),
        files=files,
        result={key: _freeze(value) for key, value in result.items()},
    )


def restore(snapshot: Snapshot, *, media_root: Path) -> dict[str, Any]:
    """Put the demo back: the same rows, the same ids, the same stored files; return what load_demo returned."""
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The audit log refuses DELETE on PostgreSQL unless a purge is declared (documents migration 0005).
            cursor.execute("SET LOCAL congvan.audit_purge = 'on'")
        for table in snapshot.tables:
            cursor.execute(f"DELETE FROM {qn(table)}")
        for table in snapshot.tables:
            cursor.execute(f"INSERT INTO {qn(table)} SELECT * FROM {qn(PREFIX + table)}")
        # As loaddata does: sequences past the restored ids, whatever other tests did to them.
        for statement in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(statement)
    counts = _counts(snapshot.tables)
    assert counts == snapshot.counts, "the demo snapshot did not restore every row"
    # Content types came back with the snapshot's ids; forget the ones cached since the last flush.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    shutil.copytree(snapshot.files, media_root, dirs_exist_ok=True)
    try:
        from congvan.search.indexing import rebuild
    except ImportError:  # pragma: no cover - the search app is optional for these tests
        pass
    else:
        rebuild()
    return {key: _thaw(value) for key, value in snapshot.result.items()}
