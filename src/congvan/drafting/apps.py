from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "congvan.drafting"
    label = "drafting"
