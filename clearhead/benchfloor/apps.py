from django.apps import AppConfig


class BenchFloorConfig(AppConfig):
    name = "clearhead.benchfloor"
    label = "benchfloor"
    verbose_name = "Benchmark floor"
