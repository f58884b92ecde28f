"""URL routes. Code pages answer at /cpt/<code> for CPT and HCPCS Level II alike."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import path, re_path

from rvudesk.api import api
from rvudesk.cases import views as cases
from rvudesk.catalog import views
from rvudesk.catalog.seo import SITEMAPS
from rvudesk.finder import views as finder
from rvudesk.icd10 import views as icd10

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^(?:cpt|hcpcs)/(?P<raw>[^/]{1,60}?)(?P<fmt>\.json)?$", views.code, name="code"),
    path("family/<slug:slug>", views.family, name="family"),
    path("section/<slug:slug>", views.section, name="section"),
    re_path(r"^icd10/(?P<raw>[^/]{1,20}?)(?P<fmt>\.json)?$", icd10.icd10, name="icd10"),
    path("search", views.search, name="search"),
    path("finder", finder.finder, name="finder"),
    re_path(r"^finder/(?P<path>[a-z0-9/-]{1,300})$", finder.finder, name="finder-step"),
    path("case", cases.case, name="case"),
    re_path(r"^case\.(?P<fmt>csv|txt)$", cases.case_export, name="case-export"),
    path("sources", views.sources, name="sources"),
    re_path(r"^download/(?P<release_id>\w{1,12})\.(?P<fmt>csv|json)$", views.download, name="download"),
    path("releases", views.releases, name="releases"),
    re_path(r"^releases/(?P<old>\w{1,12})\.\.\.(?P<new>\w{1,12}?)(?P<fmt>\.csv|\.json)?$", views.release_diff,
            name="release-diff"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "rvudesk.catalog.views.not_found"
