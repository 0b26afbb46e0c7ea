"""URLs of the reception app."""

app_name = "reception"

urlpatterns: list = []
