from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "congvan.web"
    label = "web"
