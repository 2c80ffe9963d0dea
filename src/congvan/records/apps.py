from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "congvan.records"
    label = "records"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (the issued form's fingerprint, taken when a document is issued)
