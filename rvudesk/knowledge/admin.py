"""Django admin for editors: notes and related diagnoses per family, and "mark reviewed"."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from rvudesk.knowledge.models import FamilyKnowledge, FamilyNote, RelatedDiagnosis


class NoteInline(admin.StackedInline):  # type: ignore[type-arg]
    model = FamilyNote
    extra = 0


class DiagnosisInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RelatedDiagnosis
    extra = 0


@admin.register(FamilyKnowledge)
class FamilyKnowledgeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "reviewed_on", "reviewed_by")
    list_filter = ("reviewed_on",)
    search_fields = ("name", "slug", "diagnoses__icd10")
    inlines = (NoteInline, DiagnosisInline)
    actions = ("mark_reviewed",)

    @admin.action(description="Mark reviewed by me today")
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[FamilyKnowledge]) -> None:
        queryset.update(reviewed_on=timezone.localdate(), reviewed_by=_editor(request))

    def save_model(self, request: HttpRequest, obj: FamilyKnowledge, form: object, change: bool) -> None:
        # Saving an edited family counts as reviewing it.
        obj.reviewed_on, obj.reviewed_by = timezone.localdate(), _editor(request)
        super().save_model(request, obj, form, change)


def _editor(request: HttpRequest) -> str:
    return str(request.user.get_full_name() or request.user.get_username())
