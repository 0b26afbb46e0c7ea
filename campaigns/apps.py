"""App config of campaigns: subscribers, consent, campaigns and deliveries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cigem.navigation import PUBLIC, NavItem


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Awareness campaigns")
    nav_items = (
        NavItem(_("Receive our messages"), "campaigns:subscribe", (PUBLIC,), order=400),
        NavItem(
            _("Campaigns"), "campaigns:campaign-list", ("campaign_manager", "manager"), order=410
        ),
    )
    role_permissions = {
        "campaign_manager": [
            "campaigns.view_subscriber",
            "campaigns.change_subscriber",
            "campaigns.add_subscriber",
            "campaigns.view_consentevent",
            "campaigns.view_campaign",
            "campaigns.add_campaign",
            "campaigns.change_campaign",
            "campaigns.view_delivery",
        ],
        "manager": [
            "campaigns.view_subscriber",
            "campaigns.view_consentevent",
            "campaigns.view_campaign",
            "campaigns.change_campaign",
            "campaigns.view_delivery",
        ],
        "counsellor": ["campaigns.add_subscriber"],
    }
