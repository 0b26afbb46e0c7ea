"""Load the reference data and each app's demo data. Safe to run again."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand

from cigem.services import region_sync


class Command(BaseCommand):
    help = "Load reference data, demo users for every role and each app's demo records."

    def handle(self, *args, **options):
        regions = region_sync()
        self.stdout.write(f"Regions of Mali: {regions}")
        for label in settings.PROJECT_APPS:
            try:
                demo = importlib.import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise
                continue
            if hasattr(demo, "seed"):
                demo.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
