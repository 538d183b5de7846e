"""WSGI entry point: gunicorn fazhi.wsgi (sync workers)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

# The URLs and the API's operations, built before the first request: with gunicorn --preload
# once in the master, for every worker it forks.
from fazhi.api.urls import build_now  # noqa: E402

build_now()
