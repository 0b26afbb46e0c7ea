"""API URLs of the legal app (mounted under /api/v1/)."""

from django.urls import path

from legal import api

urlpatterns = [
    path("legal/pathways/", api.pathway_list, name="legal-pathway-list"),
    path("legal/pathways/<slug:slug>/", api.pathway_detail, name="legal-pathway-detail"),
    path("legal/guides/", api.guide_list, name="legal-guide-list"),
    path("legal/guides/<slug:slug>/", api.guide_detail, name="legal-guide-detail"),
    path("legal/destinations/", api.destination_list, name="legal-destination-list"),
    path(
        "legal/destinations/<slug:slug>/",
        api.destination_detail,
        name="legal-destination-detail",
    ),
    path("legal/faq/", api.faq_list, name="legal-faq-list"),
    path("legal/editor/worklist/", api.editor_worklist, name="legal-editor-worklist"),
    path("legal/editor/revisions/", api.editor_revision_list, name="legal-editor-revision-list"),
    path(
        "legal/editor/revisions/<int:pk>/transition/",
        api.editor_revision_transition,
        name="legal-editor-revision-transition",
    ),
    path(
        "legal/editor/<slug:kind>/<slug:slug>/draft/",
        api.editor_draft_save,
        name="legal-editor-draft",
    ),
]
