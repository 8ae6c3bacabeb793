"""Journeys: a shared phone. An offline check-in is sent under the account
that made it or deleted at that person's choice, never sent or kept for the
next person; and check-ins made offline from a cached page are all stored."""

import re

import pytest
from playwright.sync_api import expect

from clearhead.accounts.device_store import device_store_id
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.pages.menu import open_menu
from tests.e2e.test_daily_checkin import answer_first_four, sign_in

CHECKINS_API = "**/api/v1/checkins"


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


@pytest.fixture
def two_patients():
    ana, ben = make_user("ana@example.org"), make_user("ben@example.org")
    onboard(ana)
    onboard(ben)
    return ana, ben


def queue_offline_checkin(page, context, base_url, craving="7"):
    page.goto(base_url + "/recovery/check-in/")
    context.set_offline(True)
    answer_first_four(page, craving, "Low")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Your check-in is saved on this device")).to_be_visible()


def device_contents(page) -> str:
    """Everything this site keeps in the browser, as one string."""
    return page.evaluate(
        """async () => JSON.stringify({
            local: Object.entries(localStorage),
            session: Object.entries(sessionStorage),
            caches: await caches.keys(),
        })"""
    )


def assert_nothing_of(page, patient):
    contents = device_contents(page)
    assert device_store_id(patient) not in contents
    assert "checkins" not in contents
    assert page.evaluate("async () => (await caches.keys()).length") == 0


def test_sign_out_sends_the_queued_checkin_first_under_its_own_account(
    page, context, live_server, two_patients
):
    ana, ben = two_patients
    sign_in(page, live_server.url, ana.email)
    queue_offline_checkin(page, context, live_server.url)
    # The connection comes back, but the first try fails (a flaky network):
    # the check-in is still queued when Ana taps "Sign out".
    tries = []

    def flaky(route):
        tries.append(route.request.url)
        if len(tries) == 1:
            route.fulfill(status=503, body="{}")
        else:
            route.continue_()

    page.route(CHECKINS_API, flaky)
    context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    page.wait_for_timeout(300)
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert len(tries) == 2
    assert DailyCheckIn.objects.filter(patient=ana, craving=7).count() == 1
    assert_nothing_of(page, ana)

    sign_in(page, live_server.url, ben.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    assert not DailyCheckIn.objects.filter(patient=ben).exists()
    assert device_store_id(ana) not in device_contents(page)


def test_a_checkin_that_cannot_be_sent_is_asked_about_then_deleted(
    page, context, live_server, two_patients, axe_check
):
    ana, ben = two_patients
    sign_in(page, live_server.url, ana.email)
    queue_offline_checkin(page, context, live_server.url)
    page.route(CHECKINS_API, lambda route: route.fulfill(status=503, body="{}"))
    context.set_offline(False)
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    expect(
        page.get_by_role(
            "heading", name="A check-in on this phone has not been sent yet"
        )
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Send it now").click()
    expect(
        page.get_by_text("It could not be sent. Try again, or delete it and sign out.")
    ).to_be_visible()
    page.get_by_role("button", name="Delete it and sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert_nothing_of(page, ana)

    page.unroute(CHECKINS_API)
    sign_in(page, live_server.url, ben.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    page.wait_for_timeout(500)  # any flush would have run by now
    assert not DailyCheckIn.objects.exists()
    assert device_store_id(ana) not in device_contents(page)


def test_send_it_now_stores_the_checkin_under_its_account_and_signs_out(
    page, context, live_server, two_patients
):
    ana, _ = two_patients
    sign_in(page, live_server.url, ana.email)
    queue_offline_checkin(page, context, live_server.url, craving="5")
    page.route(CHECKINS_API, lambda route: route.fulfill(status=503, body="{}"))
    context.set_offline(False)
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Send it now")).to_be_visible()
    page.unroute(CHECKINS_API)
    page.get_by_role("button", name="Send it now").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert DailyCheckIn.objects.filter(patient=ana, craving=5).count() == 1
    assert_nothing_of(page, ana)


def test_a_checkin_page_cached_for_one_account_cannot_file_under_another(
    page, context, live_server, two_patients
):
    ana, ben = two_patients
    sign_in(page, live_server.url, ana.email)
    page.goto(live_server.url + "/recovery/check-in/")
    ana_tag = page.evaluate("window.ClearheadDevice.account()")
    # The first visit asks the service worker for a copy of the page; let it
    # land first, or its answer (re-setting Ana's CSRF cookie) could arrive
    # after the cookies are cleared and spoil Ben's sign-in form.
    assert page.evaluate(
        """async () => {
            for (let i = 0; i < 200; i++) {
                if (await caches.match("/recovery/check-in/")) { return true; }
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return false;
        }"""
    )
    # Ana's session ends without signing out; Ben signs in; a check-in
    # queued under Ana's page would reach the server with Ana's tag.
    context.clear_cookies()
    sign_in(page, live_server.url, ben.email)
    status = page.evaluate(
        """async (tag) => {
            const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const response = await fetch("/api/v1/checkins", {
                method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                body: JSON.stringify({client_id: crypto.randomUUID(), craving: 2,
                    mood: 3, used_ketamine: false, self_harm_thoughts: false,
                    account_tag: tag}),
            });
            return response.status;
        }""",
        ana_tag,
    )
    assert status == 409
    assert not DailyCheckIn.objects.exists()


def test_two_offline_checkins_from_a_cached_page_are_both_stored(
    page, context, live_server, two_patients
):
    ana, _ = two_patients
    sign_in(page, live_server.url, ana.email)
    page.goto(live_server.url + "/recovery/check-in/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now through the service worker, which keeps a copy
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    page.reload()  # served from the cache
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily check-in")
    for craving in ("3", "8"):
        answer_first_four(page, craving, "OK")
        page.get_by_role("button", name="Save check-in").click()
        expect(
            page.get_by_text("Your check-in is saved on this device")
        ).to_be_visible()
    assert page.evaluate("window.ClearheadDevice.pending().length") == 2

    context.set_offline(False)
    expect(page.get_by_text("Your saved check-in has been sent.")).to_be_visible()
    page.wait_for_function("() => window.ClearheadDevice.pending().length === 0")
    stored = DailyCheckIn.objects.filter(patient=ana)
    assert sorted(stored.values_list("craving", flat=True)) == [3, 8]
    assert len({checkin.client_id for checkin in stored}) == 2
    assert all(checkin.recorded_at is not None for checkin in stored)
    assert re.fullmatch(r"[0-9a-f]{32}", page.evaluate("ClearheadDevice.account()"))


def test_the_first_visit_to_the_checkin_page_opens_offline_until_sign_out(
    page, context, live_server, two_patients
):
    ana, _ = two_patients
    sign_in(page, live_server.url, ana.email)
    page.goto(live_server.url + "/recovery/check-in/")  # once, never reloaded
    kept = "async () => !!(await caches.match('/recovery/check-in/'))"
    for _ in range(50):
        if page.evaluate(kept):
            break
        page.wait_for_timeout(100)

    context.set_offline(True)
    page.reload()  # served from the cache, on the first visit's copy
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily check-in")
    open_menu(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    context.set_offline(False)
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert_nothing_of(page, ana)


def test_offline_a_waiting_checkin_can_be_deleted_and_the_phone_cleared(
    page, context, live_server, two_patients, axe_check
):
    ana, _ = two_patients
    sign_in(page, live_server.url, ana.email)
    queue_offline_checkin(page, context, live_server.url)  # and stays offline
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    notice = page.get_by_text("A check-in saved on this phone has not been sent.")
    expect(notice).to_be_focused()
    axe_check(page)
    page.get_by_role("button", name="Delete it and clear this phone").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("This phone is cleared")
    # It says the truth: still signed in until back online.
    expect(page.get_by_text("You are still signed in until this phone")).to_be_visible()
    expect(page.get_by_text("Daily check-in")).to_have_count(0)
    assert_nothing_of(page, ana)

    # Back online, the sign-out finishes by itself; nothing was sent.
    context.set_offline(False)
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(live_server.url + "/recovery/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert not DailyCheckIn.objects.exists()
    assert "sign-out-pending" not in device_contents(page)
