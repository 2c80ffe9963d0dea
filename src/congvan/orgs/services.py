"""Writes on organisations: the CSV import administrators use to load a province's directory."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from congvan.documents.errors import InvalidInput

from .models import Organization

CSV_COLUMNS = ("code", "name", "short_name", "abbreviation", "parent_code", "parent_name", "place")
REQUIRED = ("code", "name", "abbreviation")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def organizations_import_csv(data: bytes | str) -> ImportResult:
    """Create or update organisations from CSV with a header row of ``CSV_COLUMNS`` (parent_code may refer to a
    row later in the file). All rows are checked first; on any error nothing is written."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(_("Tệp CSV thiếu cột: %(cols)s") % {"cols": ", ".join(missing)})
    rows = list(reader)
    result = ImportResult()
    codes = {r.get("code", "").strip() for r in rows}
    existing = set(Organization.objects.values_list("code", flat=True))
    for line, row in enumerate(rows, start=2):
        for col in REQUIRED:
            if not (row.get(col) or "").strip():
                result.errors.append(_("Dòng %(line)d: thiếu %(col)s.") % {"line": line, "col": col})
        parent = (row.get("parent_code") or "").strip()
        if parent and parent not in codes and parent not in existing:
            result.errors.append(
                _("Dòng %(line)d: không có cơ quan cấp trên mã %(code)s.") % {"line": line, "code": parent}
            )
    if result.errors:
        raise InvalidInput("; ".join(result.errors), details={"errors": result.errors})
    with transaction.atomic():
        by_code: dict[str, Organization] = {}
        for row in rows:
            values = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
            org, created = Organization.objects.update_or_create(
                code=values["code"],
                defaults={
                    "name": values["name"],
                    "short_name": values["short_name"],
                    "abbreviation": values["abbreviation"],
                    "parent_name": values["parent_name"],
                    "place": values["place"],
                },
            )
            by_code[org.code] = org
            result.created += int(created)
            result.updated += int(not created)
        for row in rows:
            parent_code = (row.get("parent_code") or "").strip()
            if parent_code:
                parent = by_code.get(parent_code) or Organization.objects.get(code=parent_code)
                Organization.objects.filter(code=row["code"].strip()).update(parent=parent)
    return result
