"""Generate synthetic data at benchmark sizes. Each app adds its own options and generator.

An app's `demo` module may define `add_arguments(parser)` and `generate(options, out)`; they run
in the order of PROJECT_APPS so later apps can point at what earlier ones made.
"""

import importlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from cigem.services import region_sync


def _demo_modules():
    for label in settings.PROJECT_APPS:
        try:
            module = importlib.import_module(f"{label}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.demo":
                raise
            continue
        if hasattr(module, "generate"):
            yield label, module


class Command(BaseCommand):
    help = "Generate synthetic records (realistic Malian names and places) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        for _label, module in _demo_modules():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        region_sync()
        for label, module in _demo_modules():
            started = time.perf_counter()
            module.generate(options, self.stdout)
            self.stdout.write(f"{label}: {time.perf_counter() - started:.1f} s")
