"""WSGI entry point for gunicorn (`rvudesk serve` runs it with --preload)."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rvudesk.settings")
application = get_wsgi_application()

# Build the search index once in the master process, before the workers fork, so that no user
# waits for it and the workers share its memory; an empty or missing database builds it later.
try:
    from rvudesk.catalog import searching

    searching.index()
except DatabaseError:
    pass
finally:
    connections.close_all()  # never share a database connection across the fork
