from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "congvan.directives"
    label = "directives"
