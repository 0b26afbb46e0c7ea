"""API URLs of the legal app (mounted under /api/v1/)."""

urlpatterns: list = []
