"""What dominates the home page (dashboard) and the trajecten list: a cProfile of each on grown demo data.

Builds the data of ``list_pages.py`` (``seed_demo``, then every listed thing grown FACTOR times; default 10, as
``list_pages.py``) in ``BENCH_DATABASE_URL`` (default
``participatie_perf_monitor_home`` on 127.0.0.1; emptied first), then loads the home page and the trajecten
list as the demo policy officer and coordinator of the gemeente with the most data: the median of five
requests and the profile's top lines (cumulative time, the portal's own code and Django's
template engine).

Run: /work/main/.venv/bin/python bench/home_profile.py [FACTOR]
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://participatie:participatie@127.0.0.1:5432/participatie_perf_monitor_home"
)
FACTOR = sys.argv[1] if len(sys.argv) > 1 else "10"
sys.argv[1:] = [FACTOR]  # list_pages reads its factor from the command line
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

import list_pages  # noqa: E402 - sets up Django on BENCH_DATABASE_URL

from feedback.models import Inbreng  # noqa: E402
from participatie.accounts.testing import mark_session_verified  # noqa: E402
from participatie.demo import demo_email  # noqa: E402
from participatie.models import Gemeente, User  # noqa: E402

PAGES = (("home", "home"), ("roadmap: trajecten", "roadmap:traject-list"))


def main() -> None:
    list_pages.build()
    settings.DEBUG = False
    gemeente = max(Gemeente.objects.all(), key=lambda g: Inbreng.objects.filter(gemeente=g).count())
    for role in ("beleid", "coordinator"):
        user = User.objects.get(email=demo_email(role, gemeente.slug))
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        mark_session_verified(client, user)  # staff pages need the second login step
        for label, name in PAGES:
            url = reverse(name)
            status = client.get(url).status_code
            assert status == 200, (url, role, status)
            timings = []
            for _ in range(5):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            profile = cProfile.Profile()
            profile.enable()
            client.get(url)
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
            stats.print_stats(
                r"(participatie|roadmap|surveys|panels|feedback|activities)/|template/(base|loader_tags)", 18
            )
            print(f"\n=== {label}, {role}: {statistics.median(timings):.0f} ms median of 5")
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-2600:])


if __name__ == "__main__":
    main()
