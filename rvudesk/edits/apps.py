from django.apps import AppConfig


class EditsConfig(AppConfig):
    name = "rvudesk.edits"
    label = "edits"
    verbose_name = "NCCI edits"
