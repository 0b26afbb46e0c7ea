"""URLs of the legal app: public pages under /legal/, the editors' desk under /legal/editor/."""

from django.urls import path

from legal import views

app_name = "legal"

urlpatterns = [
    path("legal/", views.index, name="index"),
    path("legal/search/", views.search_page, name="search"),
    path("legal/questionnaire/", views.questionnaire, name="questionnaire"),
    path("legal/countries/<slug:slug>/", views.destination_detail, name="destination"),
    path("legal/goals/<slug:goal>/", views.goal_detail, name="goal"),
    path("legal/pathways/<slug:slug>/", views.pathway_detail, name="pathway"),
    path("legal/pathways/<slug:slug>/sheet/", views.pathway_sheet, name="pathway-sheet"),
    path("legal/guides/", views.guide_list, name="guide-list"),
    path("legal/guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("legal/faq/", views.faq, name="faq"),
    # Short links for SMS: /i/p1a → a pathway, /i/g3 → a guide, /i/d2 → a country.
    path("i/<slug:code>", views.short_link, name="short"),
    path("legal/editor/", views.editor_dashboard, name="editor"),
    path("legal/editor/<slug:kind>/", views.editor_item_list, name="editor-list"),
    path("legal/editor/<slug:kind>/new/", views.editor_item_create, name="editor-create"),
    path("legal/editor/<slug:kind>/<int:pk>/", views.editor_item, name="editor-item"),
    path("legal/editor/<slug:kind>/<int:pk>/edit/", views.editor_item_edit, name="editor-edit"),
    path(
        "legal/editor/<slug:kind>/<int:pk>/unpublish/",
        views.editor_item_unpublish,
        name="editor-unpublish",
    ),
    path(
        "legal/editor/versions/<int:pk>/preview/",
        views.editor_revision_preview,
        name="editor-preview",
    ),
    path(
        "legal/editor/versions/<int:pk>/compare/",
        views.editor_revision_compare,
        name="editor-compare",
    ),
    path(
        "legal/editor/versions/<int:pk>/<slug:action>/",
        views.editor_revision_action,
        name="editor-action",
    ),
]
