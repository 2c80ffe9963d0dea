from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "congvan.portal"
    label = "portal"
