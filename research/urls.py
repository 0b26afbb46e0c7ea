"""URLs of the research app: /documentation/, /indicators/, /research/ (dashboards, exports)."""

from django.urls import path

from research import dashboards, views

app_name = "research"

urlpatterns = [
    path("documentation/", views.publication_list, name="publication-list"),
    path("documentation/new/", views.publication_edit, name="publication-create"),
    path("documentation/<int:pk>/", views.publication_detail, name="publication-detail"),
    path("documentation/<int:pk>/edit/", views.publication_edit, name="publication-edit"),
    path("documentation/<int:pk>/delete/", views.publication_delete, name="publication-delete"),
    path("documentation/<int:pk>/file/", views.publication_file, name="publication-file"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<str:code>/csv/", views.indicator_csv, name="indicator-csv"),
    path("research/exports/", views.export_list, name="export-list"),
    path("research/exports/<uuid:pk>/", views.export_detail, name="export-detail"),
    path("research/exports/<uuid:pk>/cancel/", views.export_cancel, name="export-cancel"),
    path("research/exports/<uuid:pk>/download/", views.export_download, name="export-download"),
    path("research/dashboard/", dashboards.dashboard, name="dashboard"),
    path(
        "research/dashboard/<slug:section>/<int:index>.csv",
        dashboards.dashboard_table_csv,
        name="dashboard-table-csv",
    ),
    path(
        "research/dashboard/<slug:section>/<int:index>.xlsx",
        dashboards.dashboard_table_xlsx,
        name="dashboard-table-xlsx",
    ),
    path("key-figures/", dashboards.key_figures, name="key-figures"),
]
