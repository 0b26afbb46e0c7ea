"""Who works with the diaspora among the centre's staff."""

from accounts.roles import COUNSELLOR, MANAGER

# Counsellors and managers (least privilege: editors, campaign managers and researchers do not
# see members' profiles).
DIASPORA_STAFF = (COUNSELLOR, MANAGER)
