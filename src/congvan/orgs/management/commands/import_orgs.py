from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvan.documents.errors import InvalidInput
from congvan.orgs.services import organizations_import_csv


class Command(BaseCommand):
    help = "Nhập danh bạ cơ quan từ tệp CSV / import organisations from CSV"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = organizations_import_csv(options["file"].read_bytes())
        except (OSError, InvalidInput) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"created {result.created}, updated {result.updated}")
