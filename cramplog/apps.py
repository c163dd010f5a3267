from django.apps import AppConfig


class CramplogConfig(AppConfig):
    name = "cramplog"
    verbose_name = "CrampLog site"
