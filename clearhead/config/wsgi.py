"""WSGI entry point for production servers (gunicorn clearhead.config.wsgi).

A wrong setting stops the server with one line naming it, as the `clearhead`
command does, instead of a traceback from deep inside Django.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

# gunicorn's exit status for "the application cannot be loaded": a worker that
# exits with it makes the master stop ("App failed to load.") instead of
# starting new workers that would fail the same way, forever.
APP_LOAD_ERROR = 4

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhead.config.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    sys.stderr.write(f"clearhead: configuration error: {error}\n")
    sys.stderr.flush()
    sys.exit(APP_LOAD_ERROR)
