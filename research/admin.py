"""Admin of research: indicators and their figures are entered here; exports are read only."""

from django.contrib import admin

from research.models import ExportJob, Indicator, IndicatorValue, Publication, Theme


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "is_public"]
    search_fields = ["code", "name"]
    inlines = [IndicatorValueInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "kind", "visibility"]
    list_filter = ["kind", "visibility", "language"]
    search_fields = ["title", "authors"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "dataset", "format", "anonymised", "status", "rows"]
    list_filter = ["status", "dataset"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
