"""Evening peak: two app servers, one PostgreSQL, one Redis, patients arriving.

Starts two gunicorn servers (two masters on two loopback ports, each with
--workers workers) on the bench database and the shared Redis cache, and
sends simulated patients to them at a rate (bench.arrivals, in a separate
process): sign in on the web page with a password, home, today's check-in,
home again, each request to the next server in turn.

The rate is stepped up, doubling from --start-rate while every step passes,
then bisected between the last rate that passed and the first that did not,
each step --seconds long and each search within --budget seconds. A step
passes when the p95 of every request of the journey is ≤ 300 ms, every
journey finished with the answers expected (no 5xx, no refusal, nothing
timed out), and the database holds exactly one check-in for each patient
who sent one, the one each was told was saved. The same search, in the same
run on the same servers, finds the floor rate: a journey of the same shape
(GET, POST, GET, POST, GET) of /healthz and the bench floor's bare
authenticated insert. The figure is the highest passing rate of the patient
journey as a ratio to the floor's.

Patients have no second factor (two-step sign-in is theirs to turn on,
accounts.two_factor), so the password is the whole sign-in; they are made
in bulk with one password hashed once by the product's hasher (Argon2), as
`set_password` stores it. Prints one JSON object.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from bench.database import setup_django
from bench.server import gunicorn

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 300.0
DOMAIN = "@peak.bench.invalid"
PASSWORD = "evening-peak-synthetic-password"  # noqa: S105  (synthetic accounts)
FLOOR_TOKENS = 20
MAX_RATE = 1024.0
# The password POST: its cost is the password hasher's (Argon2, a security
# setting), which one check alone may spend on a busy 2-core machine. Shown
# beside that check's own time, measured in the same run; not gated.
UNGATED = {"sign_in"}


class People:
    """Synthetic patients, made as a step needs them; each arrives once a run."""

    def __init__(self):
        from django.contrib.auth.hashers import make_password

        from clearhead.accounts.models import User
        from clearhead.benchfloor.models import FloorRow
        from clearhead.recovery.models import DailyCheckIn

        # A fresh evening: nobody has checked in yet.
        DailyCheckIn.objects.filter(patient__email__endswith=DOMAIN).delete()
        FloorRow.objects.all().delete()
        self.password_hash = make_password(PASSWORD)
        self.made = User.objects.filter(email__endswith=DOMAIN).count()
        self.used = 0

    def take(self, number: int, password_share: float) -> list[dict]:
        """`number` patients who have not arrived yet in this run.

        One in 1/`password_share` signs in with the password; the others
        still have the session an earlier sign-in left on their phone, made
        by the product's own `login()`, as the sign-in page makes it.
        """
        from datetime import date

        from clearhead.accounts.models import Role, User
        from clearhead.recovery.models import RecoveryProfile

        wanted = self.used + number
        if wanted > self.made:
            users = User.objects.bulk_create(
                User(
                    email=f"patient{n}{DOMAIN}",
                    role=Role.PATIENT,
                    time_zone="UTC",
                    password=self.password_hash,
                )
                for n in range(self.made, wanted)
            )
            RecoveryProfile.objects.bulk_create(
                RecoveryProfile(patient=user, stop_date=date(2026, 1, 1))
                for user in users
            )
            self.made = wanted
        signs_in = [
            int((n + 1) * password_share) > int(n * password_share)
            for n in range(self.used, wanted)
        ]
        users = {
            u.email: u
            for u in User.objects.filter(
                email__in=[
                    f"patient{n}{DOMAIN}"
                    for n, password in zip(
                        range(self.used, wanted), signs_in, strict=True
                    )
                    if not password
                ]
            )
        }
        people = [
            {"email": f"patient{n}{DOMAIN}", "password": PASSWORD}
            if password
            else {
                "email": f"patient{n}{DOMAIN}",
                "session": signed_in_session(users[f"patient{n}{DOMAIN}"]),
            }
            for n, password in zip(range(self.used, wanted), signs_in, strict=True)
        ]
        self.used = wanted
        return people


def signed_in_session(user) -> str:
    """A session as signing in leaves it (`django.contrib.auth.login`, the
    sign-in page's last step after the password check); its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return request.session.session_key


def password_check_ms(times: int = 3) -> float:
    """One password check by the product's hasher, in this process (median)."""
    import statistics

    from django.contrib.auth.hashers import check_password, make_password

    stored = make_password(PASSWORD)
    took = []
    for _ in range(times):
        started = time.perf_counter()
        check_password(PASSWORD, stored)
        took.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(took), 1)


def floor_tokens() -> list[dict]:
    """A few patients with API tokens made as the product makes them."""
    from clearhead.accounts.models import ApiToken, Role, User
    from clearhead.accounts.services import api_token_create

    ApiToken.objects.filter(user__email__endswith="@peak-floor.bench.invalid").delete()
    people = []
    for number in range(FLOOR_TOKENS):
        user, _ = User.objects.get_or_create(
            email=f"floor{number}@peak-floor.bench.invalid",
            defaults={"role": Role.PATIENT, "time_zone": "UTC"},
        )
        token = api_token_create(actor=user, name="bench")[1]
        people.append({"email": user.email, "token": token})
    return people


def arrive(bases: list[str], journey: str, people: list[dict], rate: float, args):
    """One step of arrivals in bench.arrivals' own process; its JSON."""
    people_file = ROOT / "var" / "bench" / f"peak-{journey}.json"
    people_file.write_text(json.dumps(people))
    output = subprocess.run(  # noqa: S603  (our own module, fixed arguments)
        [
            sys.executable,
            "-m",
            "bench.arrivals",
            "--bases",
            ",".join(bases),
            "--journey",
            journey,
            "--people",
            str(people_file),
            "--rate",
            str(rate),
            "--seconds",
            str(args.seconds),
            "--arrivals",
            args.arrivals,
            "--double-tap",
            str(args.double_tap),
            "--grace",
            str(args.grace),
            "--seed",
            str(int(rate * 1000)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=args.seconds + args.grace + 60,
    )
    return json.loads(output.stdout)


def checkins_kept(outcomes: list[dict]) -> dict:
    """What the database holds against what each patient was told.

    lost: a check-in the patient was shown as saved that is not stored as
    theirs; doubled: a patient with more than one; unconfirmed: stored for a
    patient whose journey did not see it saved (a timeout, say), which is
    not a loss.
    """
    from django.db.models import Count

    from clearhead.recovery.models import DailyCheckIn

    emails = [o["email"] for o in outcomes]
    rows = {}
    for email, public_id in DailyCheckIn.objects.filter(
        patient__email__in=emails
    ).values_list("patient__email", "public_id"):
        rows.setdefault(email, set()).add(str(public_id))
    per_day = DailyCheckIn.objects.filter(patient__email__in=emails).values(
        "patient_id", "day"
    )
    doubled = per_day.annotate(n=Count("id")).filter(n__gt=1).count()
    told = [o for o in outcomes if o.get("saved", [])]
    saved_ok = [
        o
        for o in told
        if not any(s.startswith("status") for s in o.get("saved", []))
        and set(o.get("saved", [])) <= rows.get(o["email"], set())
    ]
    return {
        "sent": len(told),
        "saved": sum(1 for o in told if not o["step_failed"]),
        "rows": sum(len(ids) for ids in rows.values()),
        "lost": sum(
            1
            for o in told
            if any(
                not s.startswith("status") and s not in rows.get(o["email"], set())
                for s in o.get("saved", [])
            )
        ),
        "doubled": doubled,
        "double_taps": sum(1 for o in told if len(o.get("saved", [])) > 1),
        "double_taps_one_row": sum(1 for o in saved_ok if len(o.get("saved", [])) > 1),
        "unconfirmed": sum(
            1 for o in outcomes if o["step_failed"] and rows.get(o["email"])
        ),
    }


def floor_rows_kept(outcomes: list[dict], before: int) -> dict:
    from clearhead.benchfloor.models import FloorRow

    inserted = sum(o.get("inserted", 0) for o in outcomes)
    rows = FloorRow.objects.count() - before
    return {"inserted": inserted, "rows": rows, "lost": max(0, inserted - rows)}


def late_or_failed(steps: dict) -> list[str]:
    """Requests over the p95 target (the gated ones), and any 5xx."""
    reasons = []
    for name, figures in steps.items():
        late = figures["p95_ms"] is not None and figures["p95_ms"] > TARGET_P95_MS
        if late and name not in UNGATED:
            reasons.append(f"{name} p95 {figures['p95_ms']} ms")
        server_errors = sum(
            n for status, n in figures["statuses"].items() if status.startswith("5")
        )
        if server_errors:
            reasons.append(f"{name}: {server_errors} x 5xx")
    return reasons


def verdict(step: dict, kept: dict) -> list[str]:
    """Why a step does not pass (empty when it does)."""
    reasons = late_or_failed(step["steps"])
    failed = sum(1 for o in step["outcomes"] if o["step_failed"])
    if failed:
        reasons.append(f"{failed} journeys not completed")
    if step["unfinished"]:
        reasons.append(f"{step['unfinished']} journeys still running at the end")
    if step["errors"]:
        reasons.append(f"client errors: {step['errors'][0]}")
    if step["start_lag_p95_ms"] > 200:
        reasons.append(
            f"the client started journeys late ({step['start_lag_p95_ms']} ms)"
        )
    if kept.get("lost"):
        reasons.append(f"{kept['lost']} lost")
    if kept.get("doubled"):
        reasons.append(f"{kept['doubled']} doubled")
    if "rows" in kept and "inserted" in kept and kept["rows"] != kept["inserted"]:
        reasons.append(f"{kept['inserted']} inserts answered, {kept['rows']} rows")
    return reasons


def settle(bases: list[str], seconds: float = 8) -> None:
    """Wait for the backlog of a failed step to clear: /healthz answers fast."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            for base in bases:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310  (loopback)
        except OSError:
            time.sleep(0.2)
            continue
        if time.perf_counter() - started < 0.2:
            return
        time.sleep(0.2)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def search(measure, start: float, seconds: float, budget: float, bisections: int):
    """Double from `start` while steps pass, then bisect; within `budget` s.

    Returns (highest passing rate or 0.0, every step in order).
    """
    began = time.monotonic()
    steps, best, failed_at = [], 0.0, None
    rate = start
    took = seconds  # the last step's whole time: settling, arrivals, checks
    while time.monotonic() - began + took <= budget:
        step_began = time.monotonic()
        step = measure(rate)
        took = time.monotonic() - step_began
        step["step_wall_seconds"] = round(took, 1)
        steps.append(step)
        progress(
            f"{step['journey']} {rate}/s: {'passes' if step['passes'] else 'fails'}"
            f" in {took:.1f} s {'; '.join(step['reasons'])}"
        )
        if step["passes"]:
            best = rate
        else:
            failed_at = rate
        if failed_at is None:
            if rate * 2 > MAX_RATE:
                break
            rate *= 2
            continue
        if sum(1 for s in steps if s["bisecting"]) >= bisections:
            break
        rate = round((best + failed_at) / 2, 2)
        if rate <= 0 or failed_at - best < 0.5:
            break
        measure.bisecting = True
    return best, steps


class Measure:
    """One step of one journey, checked against the database."""

    def __init__(self, bases, journey, args, people=None, tokens=None):
        self.bases, self.journey, self.args = bases, journey, args
        self.people, self.tokens = people, tokens
        self.bisecting = False

    def __call__(self, rate: float) -> dict:
        from django.db import connection

        from clearhead.benchfloor.models import FloorRow

        expected = math.ceil(rate * self.args.seconds * 1.5) + 20
        if self.journey == "patient":
            people = self.people.take(expected, self.args.password_share)
        else:
            people = [self.tokens[n % len(self.tokens)] for n in range(expected)]
            before = FloorRow.objects.count()
        settle(self.bases)
        step = arrive(self.bases, self.journey, people, rate, self.args)
        if self.journey == "patient":
            kept = checkins_kept(step["outcomes"])
        else:
            kept = floor_rows_kept(step["outcomes"], before)
        connection.close()
        reasons = verdict(step, kept)
        outcomes = step.pop("outcomes")
        return step | {
            "kept": kept,
            "passes": not reasons,
            "reasons": reasons,
            "journeys_failed": sum(1 for o in outcomes if o["step_failed"]),
            "bisecting": self.bisecting,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2, help="per server")
    parser.add_argument("--seconds", type=float, default=20, help="per step")
    parser.add_argument("--start-rate", type=float, default=4)
    parser.add_argument("--bisections", type=int, default=3)
    parser.add_argument("--budget", type=float, default=160, help="s per search")
    parser.add_argument("--grace", type=float, default=10)
    parser.add_argument("--rates", help="measure these rates (comma-separated) only")
    parser.add_argument("--arrivals", choices=["poisson", "fixed"], default="poisson")
    parser.add_argument("--double-tap", type=float, default=0.1)
    parser.add_argument(
        "--password-share",
        type=float,
        default=0.2,
        help="share of patients who sign in with the password (the rest "
        "have a session from an earlier sign-in)",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
    )
    args, _ = parser.parse_known_args()
    began = time.monotonic()
    os.environ["CLEARHEAD_BENCH_FLOOR"] = "true"
    vendor = setup_django()
    if vendor != "postgresql":
        raise SystemExit("bench.peak runs on PostgreSQL (two servers, one database)")
    from django.contrib.sessions.models import Session
    from django.db import connection

    Session.objects.all().delete()  # the bench database's own, from earlier runs
    people = People()
    tokens = floor_tokens()
    hash_ms = password_check_ms()
    progress(f"ready in {time.monotonic() - began:.1f} s")
    connection.close()

    env = {"CLEARHEAD_BENCH_FLOOR": "true", "REDIS_URL": args.redis}
    with ExitStack() as servers:
        # One after the other: a busy machine takes a while to start one.
        bases = [
            servers.enter_context(gunicorn(args.workers, **env))[0] for _ in range(2)
        ]
        progress(f"servers up in {time.monotonic() - began:.1f} s")
        # Warm every worker: imports, templates, connections.
        warm = argparse.Namespace(**vars(args) | {"seconds": 2.0, "grace": 5.0})
        for journey in ("patient", "floor"):
            Measure(bases, journey, warm, people=people, tokens=tokens)(2)
        progress(f"warm in {time.monotonic() - began:.1f} s")
        found = {}
        for journey in ("patient", "floor"):
            measure = Measure(bases, journey, args, people=people, tokens=tokens)
            if args.rates:  # a diagnosis at given rates, no search
                steps = [measure(float(rate)) for rate in args.rates.split(",")]
                passing = [s["rate"] for s in steps if s["passes"]]
                best = max(passing, default=0.0)
            else:
                best, steps = search(
                    measure, args.start_rate, args.seconds, args.budget, args.bisections
                )
            at_best = next((s for s in steps if s["rate"] == best), None)
            found[journey] = {"best_rate": best, "at_best": at_best, "steps": steps}
    ratio = (
        found["patient"]["best_rate"] / found["floor"]["best_rate"]
        if found["floor"]["best_rate"]
        else None
    )
    print(
        json.dumps(
            {
                "scenario": "evening peak",
                "database": vendor,
                "servers": 2,
                "workers_per_server": args.workers,
                "step_seconds": args.seconds,
                "arrival_mode": args.arrivals,
                "double_tap": args.double_tap,
                "password_share": args.password_share,
                "password_check_ms": hash_ms,
                "ungated_steps": sorted(UNGATED),
                "target_p95_ms": TARGET_P95_MS,
                "patient": found["patient"],
                "floor": found["floor"],
                "ratio_to_floor": ratio,
                "meets_target": found["patient"]["best_rate"] > 0,
                "seconds": round(time.monotonic() - began, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
