"""Charts: drawing one 90-day chart, and the two pages that show charts.

In-process, like bench.caseload: the patient's "My charts" page at 90 days
(four charts, each drawn twice) and a clinician's patient page (the
three-panel timeline of craving, mood, use and drug tests), with their
query counts. The baseline is the patient's charts page at 7 days: the same
queries and template, a tenth of the points. Data: one synthetic program
(`generate-load-data`'s generator), 90 days. Prints one JSON object.
"""

import argparse
import json
import os
import time

from bench.database import empty_database, setup_django
from bench.directory import summary


def timed(views: int, get) -> tuple[dict, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get()  # warm: matplotlib's import, the session, the templates
    timings = []
    for _ in range(views):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = get()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return summary(timings), len(captured)


def drawing(views: int) -> dict:
    from datetime import date, timedelta
    from types import SimpleNamespace

    from clearhead.recovery.charts import build_chart

    today = date(2026, 11, 30)
    checkins = [
        SimpleNamespace(
            day=today - timedelta(days=n), craving=n % 11, used_ketamine=n % 9 == 0
        )
        for n in range(90)
    ]
    build_chart(checkins, "craving", today, 90).svg  # noqa: B018 (warm)
    timings = []
    for _ in range(views):
        started = time.perf_counter()
        build_chart(checkins, "craving", today, 90).svg  # noqa: B018
        timings.append((time.perf_counter() - started) * 1000)
    return summary(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=20)
    args, _ = parser.parse_known_args()
    # As bench.caseload: the clinician signs in without a second step here.
    os.environ["CLEARHEAD_REQUIRE_STAFF_2FA"] = "false"
    vendor = setup_django()
    from django.test import Client

    from clearhead.accounts.models import Role, User
    from clearhead.care.models import Enrollment
    from clearhead.operations.synthetic import generate

    empty_database()
    generate(programs=1, patients=5, days=90, seed=90)
    enrollment = Enrollment.objects.select_related("patient").first()
    patient = Client(SERVER_NAME="localhost")
    patient.force_login(enrollment.patient)
    clinician = Client(SERVER_NAME="localhost")
    clinician.force_login(User.objects.filter(role=Role.CLINICIAN).first())
    pages = {
        "charts 7 days (baseline)": (patient, "/recovery/charts/?days=7"),
        "charts 90 days": (patient, "/recovery/charts/?days=90"),
        "clinician patient page": (
            clinician,
            f"/clinic/patients/{enrollment.public_id}/",
        ),
    }
    results = {}
    for name, (client, path) in pages.items():
        timing, queries = timed(args.views, lambda c=client, p=path: c.get(p))
        results[name] = {"path": path, "queries": queries, **timing}
    print(
        json.dumps(
            {
                "scenario": "charts",
                "database": vendor,
                "drawing_90_days": drawing(args.views),
                "pages": results,
            }
        )
    )


if __name__ == "__main__":
    main()
