"""Admin of the reception app: the partner directory is kept here by managers with admin access.

Candidates are not editable in the admin: their changes must go through the services (audit,
stale-edit check, name keys), so the admin shows them read-only.
"""

from django.contrib import admin

from reception.models import AppointmentRequest, Candidate, Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "acronym", "services")


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("code", "profile", "status", "created_at")
    list_filter = ("status", "profile")
    search_fields = ("code",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(admin.ModelAdmin):
    list_display = ("preferred_date", "topic", "status", "created_at")
    list_filter = ("status", "topic")
