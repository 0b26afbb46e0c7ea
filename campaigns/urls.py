"""URLs of the campaigns app: public sign-up and opt-out, webhooks, and the managers' pages."""

from django.urls import path

from campaigns import views, webhooks

app_name = "campaigns"

urlpatterns = [
    # Public
    path("campaigns/subscribe/", views.subscribe_public, name="subscribe"),
    path("campaigns/subscribe/thanks/", views.subscribe_thanks, name="subscribe-thanks"),
    path("campaigns/confirm/<str:token>/", views.confirm, name="confirm"),
    path("campaigns/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("l/<str:code>/", views.short_link, name="short-link"),
    # Gateway webhooks (signed)
    path("campaigns/hooks/sms/inbound/", webhooks.sms_inbound, name="hook-sms-inbound"),
    path("campaigns/hooks/sms/receipt/", webhooks.sms_receipt, name="hook-sms-receipt"),
    # Campaign managers
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_edit, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/progress/", views.campaign_progress, name="campaign-progress"),
    path("campaigns/<int:pk>/action/<str:action>/", views.campaign_action, name="campaign-action"),
    path("campaigns/<int:pk>/test/", views.campaign_test_send, name="campaign-test"),
    path("campaigns/<int:pk>/links/", views.campaign_link_add, name="campaign-link-add"),
    path("campaigns/tools/segments/", views.segment_counter, name="segment-counter"),
    path("campaigns/tools/audience/", views.audience_counter, name="audience-counter"),
    path("campaigns/subscribers/", views.subscriber_list, name="subscriber-list"),
    path("campaigns/subscribers/add/", views.subscriber_add, name="subscriber-add"),
    path("campaigns/subscribers/import/", views.subscriber_import, name="subscriber-import"),
    path("campaigns/subscribers/<int:pk>/", views.subscriber_detail, name="subscriber-detail"),
]
