"""ASGI entry point (not used in production yet; gunicorn serves WSGI)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cigem.settings")
application = get_asgi_application()
