"""API URLs of the research app (mounted under /api/v1/)."""

urlpatterns: list = []
