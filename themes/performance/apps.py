from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "themes.performance"
    label = "theme_performance"
    verbose_name = "Theme performance"

    def ready(self):
        from . import receivers, visitors

        receivers.connect()
        visitors.connect()
