"""What dominates the home page (dashboard) and the trajecten list: a cProfile of each on grown demo data.

Builds the data of ``list_pages.py`` (``seed_demo``, then every listed thing grown FACTOR times; default 10, as
``list_pages.py``) in ``BENCH_DATABASE_URL`` (default
``participatie_perf_monitor_home`` on 127.0.0.1; emptied first), then loads the home page and the trajecten
list as the demo policy officer and coordinator of the gemeente with the most data: the median of five
requests and the profile's top lines (cumulative time, the portal's own code and Django's
template engine).

It ends with the trajecten list's route maps alone, the include per traject against\n``roadmap.views.route_maps_compact``, in alternating rounds.\n\nRun: /work/main/.venv/bin/python bench/home_profile.py [FACTOR] [--reuse]   (--reuse: skip the build)
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
FACTOR = next((arg for arg in sys.argv[1:] if arg.isdigit()), "10")
REUSE = "--reuse" in sys.argv  # keep the database of the last run
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


def route_maps_side_by_side(user) -> None:
    """The trajecten list's route maps alone: the include per traject (before) and formatted once (after)."""
    from django.template.loader import render_to_string

    from roadmap.selectors import traject_list_with_progress
    from roadmap.views import route_maps_compact

    trajecten = list(traject_list_with_progress(user=user))
    timings = {"include per traject": [], "formatted once": []}
    for _ in range(5):
        start = time.perf_counter()
        for traject in trajecten:
            context = {"traject": traject, "steps": traject.steps.all(), "compact": True, "current": None}
            render_to_string("roadmap/includes/route_map.html", context)
        timings["include per traject"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        route_maps_compact(trajecten)
        timings["formatted once"].append((time.perf_counter() - start) * 1000)
    medians = {label: statistics.median(values) for label, values in timings.items()}
    print(f"\nRoute maps of {len(trajecten)} trajecten (median of 5, alternating):")
    for label, median in medians.items():
        print(f"  {label:22} {median:7.1f} ms")
    print(f"  ratio {medians['include per traject'] / medians['formatted once']:.1f}x")


def main() -> None:
    if not REUSE:
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
    # The regional coordinator follows every demo gemeente: all trajecten.
    route_maps_side_by_side(User.objects.filter(email="coordinator@voorbeeldgemeenten.demo").first() or user)


if __name__ == "__main__":
    main()
