"""RVU Desk settings: zero configuration runs; the environment overrides.

DATABASE_URL   database (default: SQLite file var/rvudesk.sqlite3)
SECRET_KEY     Django secret key (default: a development key; set it in production)
DEBUG          "1" for debug pages (default off)
RVUDESK_DATA   folder of CMS files imported by `make run` (default: ../shared/data when present)
ALLOWED_HOSTS  comma-separated host names (default: *)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = PROJECT_DIR / "var"

SECRET_KEY = os.environ.get("SECRET_KEY", "rvudesk-development-key-not-for-production")
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h]
RVUDESK_DATA = Path(os.environ.get("RVUDESK_DATA", PROJECT_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, not a CDN
    "rvudesk.catalog",
    "rvudesk.cases",
    "rvudesk.edits",
    "rvudesk.icd10",
    "rvudesk.knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag and 304 (rvudesk/caching.py)
    "rvudesk.caching.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "rvudesk.urls"
WSGI_APPLICATION = "rvudesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rvudesk.catalog.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rvudesk.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 30}
    if "DATABASE_URL" not in os.environ:
        VAR_DIR.mkdir(exist_ok=True)  # a fresh checkout has no var/ yet

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
