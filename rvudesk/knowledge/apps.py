from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "rvudesk.knowledge"
    label = "knowledge"
    verbose_name = "Family knowledge (notes and related diagnoses)"
