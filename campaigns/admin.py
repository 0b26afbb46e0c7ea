"""Admin of the campaigns app: read-mostly views for support; changes go through the pages."""

from django.contrib import admin

from campaigns.models import Campaign, CampaignMessage, ConsentEvent, Delivery, Subscriber


class ConsentInline(admin.TabularInline):
    model = ConsentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "method", "actor", "text_version", "detail", "created_at"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["id", "status", "language", "region", "source", "created_at"]
    list_filter = ["status", "language", "source"]
    search_fields = ["phone", "email"]
    show_full_result_count = False
    inlines = [ConsentInline]
    raw_id_fields = ["region"]


class MessageInline(admin.StackedInline):
    model = CampaignMessage
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "channel", "recipient_count", "created_at"]
    list_filter = ["status", "channel"]
    # The state moves only through the campaign services, never by editing the field here.
    readonly_fields = ["status", "recipient_count", "launched_at", "completed_at", "fingerprint"]
    inlines = [MessageInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "campaign", "channel", "status", "attempts", "failure_reason"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["campaign", "subscriber"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False
