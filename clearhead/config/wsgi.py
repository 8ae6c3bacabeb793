"""WSGI entry point for production servers (gunicorn clearhead.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhead.config.settings")

application = get_wsgi_application()
