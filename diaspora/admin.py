"""Admin of the diaspora app: associations, projects and needs for the technical team."""

from django.contrib import admin

from diaspora.models import Association, Membership, Need, Project, ProjectUpdate, Skill


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["member"]
    extra = 0


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "region_of_origin"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city", "village_of_origin"]
    inlines = [MembershipInline]


class ProjectUpdateInline(admin.TabularInline):
    model = ProjectUpdate
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "association",
        "commune",
        "sector",
        "status",
        "budget",
        "amount_raised",
    ]
    list_filter = ["status", "sector"]
    search_fields = ["title", "commune"]
    inlines = [ProjectUpdateInline]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "sector", "kind", "status", "created_at"]
    list_filter = ["status", "sector", "kind"]
    search_fields = ["title", "institution"]
    filter_horizontal = ["skills"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name", "key"]
