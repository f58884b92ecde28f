from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Releases, RVU rows, localities and ZIP codes, their import and their pages."""

    name = "rvudesk.catalog"
    default_auto_field = "django.db.models.BigAutoField"
