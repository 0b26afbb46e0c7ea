"""API URLs of the diaspora app (mounted under /api/v1/)."""

urlpatterns: list = []
