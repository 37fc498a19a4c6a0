"""WSGI application of the peer site (gunicorn peer_support.peer_wsgi:application)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_support.peer_settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
