"""Shared fixtures: the real CMS files (read in place) loaded once into the test database."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
PFS = DATA / "pfs"


def pytest_configure(config: pytest.Config) -> None:
    if not PFS.is_dir():
        raise pytest.UsageError(f"CMS data not found at {DATA}: the real-data tests cannot run (set RVUDESK_DATA)")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load everything once for the session, as `make run` does: RVU25D, RVU26A, RVU26C, the ZIP
    file and the NCCI edit tables under shared/data, the ICD-10-CM code set and the family knowledge."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        for command, *args in (("import", str(DATA)), ("icd10",), ("knowledge",)):
            call_command(command, *args, stdout=io.StringIO())
