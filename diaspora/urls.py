"""URLs of the diaspora app."""

app_name = "diaspora"

urlpatterns: list = []
