"""Admin of the legal app: a technical view only; editors use the editorial desk."""

from django.contrib import admin

from legal.models import Destination, FaqEntry, Guide, Pathway, Revision


@admin.register(Destination, Guide, FaqEntry)
class ContentAdmin(admin.ModelAdmin):
    list_display = ("slug", "is_published", "last_verified_on", "review_due_on")
    list_filter = ("is_published",)
    search_fields = ("slug",)


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ("slug", "destination", "category", "is_published", "review_due_on")
    list_filter = ("is_published", "category", "destination")
    search_fields = ("slug", "title_fr")
    list_select_related = ("destination",)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "number", "state", "published_at")
    list_filter = ("state", "content_type")
    readonly_fields = [f.name for f in Revision._meta.fields]
