"""URLs of the research app."""

app_name = "research"

urlpatterns: list = []
