"""API URLs of the reception app (mounted under /api/v1/)."""

urlpatterns: list = []
