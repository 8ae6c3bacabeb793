"""Open-loop arrivals of simulated patients, for the evening-peak scenario.

    python -m bench.arrivals --bases http://127.0.0.1:P1,http://127.0.0.1:P2 \
        --journey patient --people people.json --rate 8 --seconds 20

Journeys start at `rate` per second (Poisson arrivals, or a fixed interval
with --arrivals fixed) for `seconds`, whether or not the earlier ones have
finished: an evening of people does not wait for the server. Every request
goes to the next server in turn, as a round-robin load balancer without
sticky sessions sends it, so a session signed in on one server is used on
the other (sessions in the one database, the cache in the one Redis).

A patient's journey (--journey patient), as a browser makes it: a patient
given a password GETs the sign-in page (its CSRF token) and POSTs the
e-mail address and password; one given a session cookie (signed in on this
phone before) starts at home. Then: GET home (/recovery/), POST today's check-in (the form's fields with a
client_id made on the device, as the page's hidden field carries), GET home.
A connection lost while the check-in is sent is retried once with the same
client_id, as the page's offline queue does; a share of patients
(--double-tap) send it twice at once, to both servers, as a double tap does.
The product must store one check-in for each.

The floor journey (--journey floor) has the same shape on the same servers
with none of Clearhead's own work: GET /healthz (one database round trip),
POST the bench floor's bare authenticated insert (the check-in API's bearer
authentication, one row as wide as a check-in), twice, then /healthz again.

Only loopback addresses are accepted. Prints one JSON object: each step's
latencies and statuses, and each patient's check-in outcome, for the caller
to check against the database.
"""

import argparse
import asyncio
import json
import random
import re
import statistics
import time
import uuid
from http.cookies import SimpleCookie
from itertools import count
from urllib.parse import urlsplit

import aiohttp

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PATIENT_STEPS = ("sign_in_page", "sign_in", "home", "check_in", "home_again")
FLOOR_STEPS = (
    "healthz",
    "floor_insert",
    "healthz_again",
    "floor_insert_again",
    "healthz_last",
)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SAVED = re.compile(r"/recovery/check-in/([0-9a-f-]{36})/")
# A request that has not answered by then is counted as failed.
REQUEST_TIMEOUT = 15.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(latencies: list[float]) -> dict:
    if not latencies:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "count": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }


def arrival_times(rate: float, seconds: float, mode: str, seed: int) -> list[float]:
    """Offsets (s) at which journeys start: Poisson arrivals, or evenly spaced."""
    if rate <= 0:
        return []
    if mode == "fixed":
        return [n / rate for n in range(int(rate * seconds))]
    # A Poisson process holding n arrivals in the span puts them at n
    # uniform random instants: bursts and lulls as a Poisson stream has them,
    # with the count of the rate asked for, so that short steps compare.
    rng = random.Random(seed)
    return sorted(rng.uniform(0, seconds) for _ in range(round(rate * seconds)))


class Browser:
    """One person's cookies, sent to whichever server the balancer picks."""

    def __init__(self, run: "Run"):
        self.run = run
        self.cookies: dict[str, str] = {}

    async def request(self, step: str, method: str, path: str, **kwargs) -> tuple:
        """(status, body text, Location) of one request, timed under `step`;
        (0, "", "") when the connection failed or timed out."""
        base = self.run.next_base()
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            async with self.run.session.request(
                method,
                base + path,
                headers=headers,
                allow_redirects=False,
                **kwargs,
            ) as response:
                text = await response.text()
                status = response.status
                location = response.headers.get("Location", "")
                for header in response.headers.getall("Set-Cookie", []):
                    for name, morsel in SimpleCookie(header).items():
                        self.cookies[name] = morsel.value
        except (TimeoutError, aiohttp.ClientError):
            status, text, location = 0, "", ""
        self.run.record(step, status, (time.perf_counter() - started) * 1000)
        return status, text, location


class Run:
    def __init__(self, bases: list[str], session: aiohttp.ClientSession):
        self.bases = bases
        self.turn = count()
        self.session = session
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[str, int]] = {}

    def next_base(self) -> str:
        return self.bases[next(self.turn) % len(self.bases)]

    def record(self, step: str, status: int, ms: float) -> None:
        self.latencies.setdefault(step, []).append(ms)
        counts = self.statuses.setdefault(step, {})
        counts[str(status)] = counts.get(str(status), 0) + 1


def checkin_form(client_id: str, token: str, rng: random.Random) -> dict:
    """The check-in page's fields as a person fills them in."""
    return {
        "csrfmiddlewaretoken": token,
        "client_id": client_id,
        "craving": str(rng.randint(0, 10)),
        "mood": str(rng.randint(1, 5)),
        "used_ketamine": "no",
        "self_harm_thoughts": "no",
        "risky_situation": "no",
        "body_symptoms": "no",
        "triggers": rng.sample(["stress", "boredom"], 1),
        "note": "synthetic",
    }


async def sign_in(browser: Browser, person: dict) -> str:
    """The sign-in page, then its form with the password; the step that
    failed, or ""."""
    status, page, _ = await browser.request("sign_in_page", "GET", "/account/sign-in/")
    token = CSRF_FIELD.search(page)
    if status != 200 or not token:
        return "sign_in_page"
    status, _, _ = await browser.request(
        "sign_in",
        "POST",
        "/account/sign-in/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": person["email"],
            "password": person["password"],
        },
    )
    if status != 302 or "sessionid" not in browser.cookies:
        return "sign_in"
    return ""


async def patient_journey(
    run: Run, person: dict, rng: random.Random, double_tap: bool, outcome: dict
) -> dict:
    """One patient's evening; fills in `outcome`: what the database must
    then hold (kept by the caller, so that a journey cut short still counts)."""
    browser = Browser(run)
    outcome |= {"posted": 0, "saved": []}
    if person.get("session"):
        # Signed in on this phone earlier: the session cookie was kept.
        browser.cookies["sessionid"] = person["session"]
    else:
        failed = await sign_in(browser, person)
        if failed:
            outcome["step_failed"] = failed
            return outcome
    status, page, _ = await browser.request("home", "GET", "/recovery/")
    # Signing in gave a new CSRF token: the page's forms carry it.
    token = CSRF_FIELD.search(page)
    if status != 200 or not token:
        outcome["step_failed"] = "home"
        return outcome
    client_id = str(uuid.uuid4())
    form = checkin_form(client_id, token.group(1), rng)

    async def send(step: str) -> None:
        for _attempt in range(2):  # once more with the same client_id if lost
            outcome["posted"] += 1
            status, _, location = await browser.request(
                step, "POST", "/recovery/check-in/", data=form
            )
            if status:
                break
        saved = SAVED.search(location) if status == 302 else None
        outcome["saved"].append(saved.group(1) if saved else f"status {status}")

    if double_tap:
        await asyncio.gather(send("check_in"), send("check_in_twice"))
    else:
        await send("check_in")
    if any(saved.startswith("status") for saved in outcome["saved"]):
        outcome["step_failed"] = "check_in"
        return outcome
    status, _, _ = await browser.request("home_again", "GET", "/recovery/")
    if status != 200:
        outcome["step_failed"] = "home_again"
    return outcome


async def floor_journey(
    run: Run, person: dict, rng: random.Random, outcome: dict
) -> dict:
    browser = Browser(run)
    outcome |= {"inserted": 0}
    auth = {"Authorization": f"Bearer {person['token']}"}
    for step in FLOOR_STEPS:
        if step.startswith("healthz"):
            status, _, _ = await browser.request(step, "GET", "/healthz")
        else:
            body = {
                "client_id": str(uuid.uuid4()),
                "craving": rng.randint(0, 10),
                "mood": rng.randint(1, 5),
                "used_ketamine": False,
                "self_harm_thoughts": False,
                "triggers": ["stress"],
                "note": "synthetic",
            }
            status, _, _ = await browser.request(
                step, "POST", "/api/v1/bench/floor", json=body, headers=dict(auth)
            )
            if 200 <= status < 300:
                outcome["inserted"] += 1
        if status != 200:
            outcome["step_failed"] = step
            return outcome
    return outcome


async def drive(
    bases: list[str],
    journey: str,
    people: list[dict],
    rate: float,
    seconds: float,
    arrivals: str,
    double_tap: float,
    seed: int,
    grace: float,
) -> dict:
    for base in bases:
        if urlsplit(base).hostname not in LOOPBACK:
            raise SystemExit("bench.arrivals only sends traffic to loopback addresses")
    starts = arrival_times(rate, seconds, arrivals, seed)
    if len(starts) > len(people):
        raise SystemExit(f"{len(starts)} arrivals but {len(people)} people given")
    rng = random.Random(seed)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        cookie_jar=aiohttp.DummyCookieJar(),  # each Browser keeps its own
    ) as session:
        run = Run(bases, session)
        tasks, journeys, lag, outcomes = [], [], [], []
        began = time.perf_counter()
        for offset, person in zip(starts, people, strict=False):
            delay = offset - (time.perf_counter() - began)
            if delay > 0:
                await asyncio.sleep(delay)
            lag.append(max(0.0, -delay) * 1000)
            outcome = {"email": person["email"], "step_failed": ""}
            outcomes.append(outcome)
            if journey == "patient":
                coroutine = patient_journey(
                    run,
                    person,
                    random.Random(rng.random()),
                    rng.random() < double_tap,
                    outcome,
                )
            else:
                coroutine = floor_journey(
                    run, person, random.Random(rng.random()), outcome
                )
            tasks.append(asyncio.create_task(timed(coroutine, journeys)))
        sent = time.perf_counter() - began
        done, pending = await asyncio.wait(tasks, timeout=grace) if tasks else ((), ())
        for task in pending:
            task.cancel()
        wall = time.perf_counter() - began
    for task, outcome in zip(tasks, outcomes, strict=True):
        if task in pending:
            outcome["step_failed"] = outcome["step_failed"] or "unfinished"
    errors = [repr(task.exception()) for task in done if task.exception()]
    return {
        "journey": journey,
        "rate": rate,
        "arrivals": len(starts),
        "arrival_mode": arrivals,
        "offered_rate": round(len(starts) / seconds, 2),
        "sending_seconds": round(sent, 2),
        "start_lag_p95_ms": round(percentile(lag, 0.95), 1) if lag else 0.0,
        "seconds": round(wall, 2),
        "finished": len(done),
        "unfinished": len(pending),
        "errors": errors[:5],
        "steps": {
            step: summary(values) | {"statuses": run.statuses[step]}
            for step, values in run.latencies.items()
        },
        "journey_ms": summary(journeys),
        "outcomes": outcomes,
    }


async def timed(coroutine, journeys: list[float]) -> dict:
    started = time.perf_counter()
    outcome = await coroutine
    if not outcome["step_failed"]:
        journeys.append((time.perf_counter() - started) * 1000)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bases", required=True, help="comma-separated base URLs")
    parser.add_argument("--journey", choices=["patient", "floor"], required=True)
    parser.add_argument("--people", required=True, help="a JSON list of people")
    parser.add_argument("--rate", type=float, required=True, help="arrivals/s")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--arrivals", choices=["poisson", "fixed"], default="poisson")
    parser.add_argument("--double-tap", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--grace", type=float, default=20, help="s to wait for the last journeys"
    )
    args = parser.parse_args()
    with open(args.people) as file:
        people = json.load(file)
    result = asyncio.run(
        drive(
            args.bases.split(","),
            args.journey,
            people,
            args.rate,
            args.seconds,
            args.arrivals,
            args.double_tap,
            args.seed,
            args.grace,
        )
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
