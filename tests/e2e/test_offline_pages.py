"""Journeys on a phone: the help lines, the coping tools and a patient's own
relapse-prevention plan open without a connection once opened online; and
nothing of the account is left to open after sign-out, quick exit, or when
another account signs in on the same phone (docs/architecture.md, "What a
device keeps")."""

import os
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from clearhead.accounts.device_store import device_store_id
from clearhead.recovery import services as recovery_services
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.pages.menu import open_menu
from tests.e2e.test_daily_checkin import sign_in

# Screenshots to look at while working on these pages: CLEARHEAD_SHOTS=<dir>.
SHOTS = os.environ.get("CLEARHEAD_SHOTS")
WARNING_SIGN = "Skipping lunch and staying up late"
OFFLINE_NOTICE = "You are offline. This is a copy kept on this phone"

# Each page a patient may need offline, and words only that page shows.
PAGES = {
    "/help/": "988 Suicide & Crisis Lifeline",
    "/recovery/tools/": "Coping tools",
    "/recovery/tools/urge-surfing/": "Ride out the urge",
    "/recovery/tools/breathing/": "Slow breathing",
    "/recovery/tools/delay-distract-decide/": "Delay, distract, decide",
    "/recovery/tools/play-the-tape-forward/": "Play the tape forward",
    "/recovery/plan/": "My relapse-prevention plan",
    "/recovery/safety-plan/": "Write my safety plan",
}
ACCOUNT_PAGES = [path for path in PAGES if path.startswith("/recovery/")]


def shot(page, name, **options):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", **options)


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def patient(email: str, warning_signs: str = WARNING_SIGN):
    person = make_user(email)
    onboard(person)  # reasons "My kids. My bladder.", contact Sam 555-0100
    recovery_services.relapse_plan_save(
        actor=person,
        warning_signs=warning_signs,
        high_risk_situations="Friday nights",
        coping_strategies="Call Sam, go for a run",
        after_a_lapse="Tell my counsellor",
    )
    return person


@pytest.fixture
def ana():
    return patient("ana@example.org")


def kept(page, path: str) -> bool:
    """Wait (up to 15 s, for a loaded CI machine) for the service worker to
    keep `path`."""
    return page.evaluate(
        """async (path) => {
            for (let i = 0; i < 300; i++) {
                if (await caches.match(path)) { return true; }
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return false;
        }""",
        path,
    )


def open_online(page, base_url: str, path: str, axe_check=None):
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if axe_check:
        axe_check(page)
    assert kept(page, path), f"{path} was not kept for offline use"


def device_contents(page) -> str:
    """What this site keeps in the browser (storage, cache names and the
    addresses kept in them), as one string."""
    return page.evaluate(
        """async () => {
            const kept = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                kept.push([name, (await cache.keys()).map((r) => r.url)]);
            }
            return JSON.stringify({
                local: Object.entries(localStorage),
                session: Object.entries(sessionStorage),
                caches: kept,
            });
        }"""
    )


def cannot_open_offline(page, url: str) -> None:
    """Offline, `url` gives no page at all (no worker and nothing kept)."""
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(url)


def test_help_lines_tools_and_plan_open_offline_then_go_at_sign_out(
    page, context, live_server, ana, axe_check
):
    sign_in(page, live_server.url, ana.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    for path in PAGES:
        open_online(page, live_server.url, path, axe_check)

    context.set_offline(True)
    for path, words in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(words)
        expect(page.get_by_text(OFFLINE_NOTICE)).to_be_visible()
        axe_check(page)
    # The help lines' numbers, the plan and the people to call are there.
    page.goto(live_server.url + "/help/")
    expect(
        page.get_by_role("main").get_by_role("link", name="Call 988")
    ).to_have_attribute("href", "tel:988")
    shot(page, "help-offline", full_page=True)
    page.goto(live_server.url + "/recovery/plan/")
    expect(page.get_by_text(WARNING_SIGN)).to_be_visible()
    expect(page.get_by_role("link", name="Call Sam (555-0100)")).to_have_attribute(
        "href", "tel:555-0100"
    )
    shot(page, "plan-offline", full_page=True)
    # The tools' timers run offline (their scripts were kept with the page).
    page.goto(live_server.url + "/recovery/tools/urge-surfing/")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-timer-display]")).not_to_have_text("20:00")
    shot(page, "urge-offline")
    page.goto(live_server.url + "/recovery/tools/")
    expect(page.get_by_role("link", name="Call Sam")).to_be_visible()
    shot(page, "tools-offline", full_page=True)

    # A page that needs a connection says so, and what still opens.
    page.get_by_role("link", name="Trigger and thought log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page).to_have_url(re.compile(r"/recovery/tools/log/$"))
    for name in ("Get help now", "Coping tools", "My relapse-prevention plan"):
        expect(page.get_by_role("main").get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_text(ana.email)).to_have_count(0)
    axe_check(page)
    shot(page, "needs-connection", full_page=True)

    context.set_offline(False)
    page.goto(live_server.url + "/recovery/plan/")
    expect(page.get_by_text(OFFLINE_NOTICE)).to_be_hidden()
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    contents = device_contents(page)
    assert device_store_id(ana) not in contents
    assert "/recovery/" not in contents
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert (
        page.evaluate(
            "async () => (await navigator.serviceWorker.getRegistrations()).length"
        )
        == 0
    )

    context.set_offline(True)
    for path in PAGES:
        cannot_open_offline(page, live_server.url + path)
    context.set_offline(False)


def test_the_plan_opens_offline_from_its_first_visit_styled_and_without_old_news(
    page, context, live_server, ana, axe_check
):
    """The phone's first Clearhead page is the plan (opened from the home
    screen): it was loaded before the worker was in control, and still opens
    offline, with its styles; the "saved" message it was kept with is not
    shown again."""
    context.add_cookies([signed_in_cookie(ana, live_server.url)])
    page.goto(live_server.url + "/recovery/plan/")
    page.wait_for_load_state("load")
    assert kept(page, "/recovery/plan/")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text(WARNING_SIGN)).to_be_visible()
    context.set_offline(False)

    # Changed online: the kept copy follows, "saved" message and all.
    page.goto(live_server.url + "/recovery/plan/edit/")
    page.get_by_label("If I slip").fill("Text Sam the same day")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Your plan is saved.")).to_be_visible()
    page.wait_for_load_state("load")
    assert kept(page, "/recovery/plan/")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("Text Sam the same day")).to_be_visible()
    # Kept with the page, but not said again.
    expect(page.locator(".messages")).to_contain_text("Your plan is saved.")
    expect(page.get_by_text("Your plan is saved.")).to_be_hidden()
    expect(page.get_by_text(OFFLINE_NOTICE)).to_be_visible()
    button = page.get_by_role("link", name="Change my plan")
    # Styled as online: the style sheet was kept with the page.
    assert button.evaluate("(el) => getComputedStyle(el).display") != "inline"
    axe_check(page)
    context.set_offline(False)


def test_quick_exit_leaves_nothing_to_open_offline(
    page, context, live_server, ana, axe_check
):
    sign_in(page, live_server.url, ana.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    for path in ("/recovery/plan/", "/recovery/tools/", "/help/"):
        open_online(page, live_server.url, path)

    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    left = page.evaluate(
        """async () => ({
            caches: (await caches.keys()).length,
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            local: localStorage.length,
        })"""
    )
    assert left == {"caches": 0, "workers": 0, "local": 0}

    context.set_offline(True)
    for path in ("/recovery/plan/", "/recovery/tools/", "/help/"):
        cannot_open_offline(page, live_server.url + path)
    context.set_offline(False)


def signed_in_cookie(person, base_url: str) -> dict:
    """The session cookie of `person`, signed in as by the sign-in page."""
    client = Client()
    client.force_login(person)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def test_another_account_on_the_phone_never_opens_the_first_ones_pages(
    page, context, live_server, ana, axe_check
):
    """Ana's session ends without her signing out (it timed out); Ben's is
    the next page on the phone. Offline, Ben gets none of Ana's pages, only
    the help lines, which carry no account."""
    ben = patient("ben@example.org", warning_signs="Ben's own warning signs")
    context.add_cookies([signed_in_cookie(ana, live_server.url)])
    for path in PAGES:
        open_online(page, live_server.url, path)
    assert device_store_id(ana) in device_contents(page)

    # Straight to Ben's page: no signed-out page in between.
    context.clear_cookies()
    context.add_cookies([signed_in_cookie(ben, live_server.url)])
    page.goto(live_server.url + "/recovery/")
    page.wait_for_load_state("load")
    page.wait_for_function(
        """async () => !(await caches.keys()).some((n) => n.includes("pages"))"""
    )
    contents = device_contents(page)
    assert device_store_id(ana) not in contents
    assert "/recovery/plan/" not in contents

    context.set_offline(True)
    for path in ACCOUNT_PAGES:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        expect(page.get_by_text(WARNING_SIGN)).to_have_count(0)
        expect(page.get_by_text("My kids. My bladder.")).to_have_count(0)
    axe_check(page)
    page.goto(live_server.url + "/help/")
    expect(
        page.get_by_role("main").get_by_role("link", name="Call 988")
    ).to_be_visible()
    context.set_offline(False)


def test_a_session_that_ended_takes_the_kept_pages_with_it(
    page, context, live_server, ana
):
    """The session ends without the sign-out button (it timed out): the
    next page online shows no one signed in, and the pages kept for Ana go;
    the help lines, which name no one, stay."""
    sign_in(page, live_server.url, ana.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    for path in ("/recovery/plan/", "/help/"):
        open_online(page, live_server.url, path)

    context.clear_cookies()
    page.goto(live_server.url + "/recovery/plan/")  # to the sign-in page
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.wait_for_function("async () => !(await caches.match('/recovery/plan/'))")

    context.set_offline(True)
    page.goto(live_server.url + "/recovery/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_text(WARNING_SIGN)).to_have_count(0)
    page.goto(live_server.url + "/help/")
    expect(
        page.get_by_role("main").get_by_role("link", name="Call 988")
    ).to_be_visible()
    context.set_offline(False)


def test_anyone_who_opened_the_help_lines_has_them_offline(
    page, context, live_server, axe_check
):
    page.goto(live_server.url + "/help/")
    page.wait_for_load_state("load")
    assert kept(page, "/help/")
    # A copy opens offline once the service worker answers for the page: on
    # a loaded machine it may activate after keeping the copy.
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    expect(
        page.get_by_role("main").get_by_role("link", name="Call 911")
    ).to_have_attribute("href", "tel:911")
    expect(page.get_by_text(OFFLINE_NOTICE)).to_be_visible()
    axe_check(page)
    context.set_offline(False)

    # Cleared at quick exit like everything else.
    page.goto(live_server.url + "/help/")
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    context.set_offline(True)
    cannot_open_offline(page, live_server.url + "/help/")
    context.set_offline(False)
