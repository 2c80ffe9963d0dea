from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "congvan.search"
    label = "search"

    def ready(self) -> None:
        from . import indexing

        indexing.connect_signals()
