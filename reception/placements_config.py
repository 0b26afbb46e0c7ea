"""Menu entries and role permissions of circular migration, read by reception's AppConfig."""

from django.utils.translation import gettext_lazy as _

from cigem.navigation import PUBLIC, NavItem

PLACEMENTS_NAV = (
    NavItem(_("Jobs abroad"), "reception:placements-board", (PUBLIC,), order=40),
    NavItem(
        _("Job offers and placements"),
        "reception:placements-offers",
        ("counsellor", "manager"),
        order=45,
    ),
    NavItem(
        _("Placement figures"),
        "reception:placements-indicators",
        ("researcher",),
        order=46,
    ),
)

_READ_RECORDS = [
    "reception.view_joboffer",
    "reception.view_employer",
    "reception.view_programme",
]
_WORK_APPLICATIONS = [
    "reception.view_application",
    "reception.add_application",
    "reception.change_application",
    "reception.view_applicationevent",
    "reception.view_debrief",
    "reception.add_debrief",
    "reception.change_debrief",
]
PLACEMENTS_PERMISSIONS = {
    "counsellor": [*_READ_RECORDS, *_WORK_APPLICATIONS],
    "manager": [
        *_READ_RECORDS,
        *_WORK_APPLICATIONS,
        "reception.add_joboffer",
        "reception.change_joboffer",
        "reception.add_employer",
        "reception.change_employer",
        "reception.add_programme",
        "reception.change_programme",
    ],
}


def connect() -> None:
    """Called from ReceptionConfig.ready(): applications join the candidate's timeline."""
    from reception import placements_selectors, selectors

    if placements_selectors.candidate_timeline_entries not in selectors.TIMELINE_SOURCES:
        selectors.TIMELINE_SOURCES.append(placements_selectors.candidate_timeline_entries)
