from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The operator's commands that span every app: serve, worker, backup,
    restore and the load-data generator. At the top of the graph: nothing
    imports it."""

    name = "clearhead.operations"
    label = "operations"
    verbose_name = "Clearhead operations"
