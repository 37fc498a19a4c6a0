"""A web process during a Redis outage: posts forms through Django's test client and reports timings.

Run by ``participatie/tests/test_redis_down.py`` in a subprocess whose environment points REDIS_URL
(Celery broker, result backend and cache) at a closed port, with the production settings module, so
the saves go through exactly the code and client settings a real web process uses.

Usage: python -m participatie.tests.outage_client '<json list of {"name", "user", "url", "data"}>'
Prints one JSON object: {name: {"status": ..., "seconds": ...}}.
"""

import json
import os
import sys
import time


def main(steps: list[dict]) -> dict:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from participatie.accounts.testing import mark_session_verified
    from participatie.models import User

    setup_test_environment()
    results = {}
    for step in steps:
        client = Client()
        if step.get("user"):
            user = User.objects.get(pk=step["user"])
            client.force_login(user)
            mark_session_verified(client, user)  # staff pages need the second login step (django-otp)
        client.get(step["url"])  # warm up: templates and URL patterns loaded, as in a running server
        started = time.monotonic()
        response = client.post(step["url"], step["data"])
        results[step["name"]] = {"status": response.status_code, "seconds": round(time.monotonic() - started, 3)}
    return results


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
    print(json.dumps(main(json.loads(sys.argv[1]))))
