from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rvudesk.cases"
    label = "cases"
    verbose_name = "Case Builder"
