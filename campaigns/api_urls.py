"""API URLs of the campaigns app (mounted under /api/v1/)."""

urlpatterns: list = []
