"""Journeys: a patient turns reminder notifications on for her phone, and
signing out turns them off again, on the phone and on the server.

A real browser's push service is on the internet, so the browser's
`PushManager` is stubbed (page.add_init_script): subscribing hands back a
subscription with real keys at a push service address, as Chromium would,
and nothing leaves this site. Sending to a subscription is the worker's test
(clearhead/recovery/tests/test_push_reminders.py).
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.recovery import push
from clearhead.recovery.models import PushSubscription, RecoveryProfile
from clearhead.recovery.tests.conftest import VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY
from clearhead.recovery.tests.push_helpers import BrowserKeys
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.pages.menu import open_menu
from tests.e2e.test_daily_checkin import sign_in

SHOTS = Path("/tmp/shots-push")  # noqa: S108  (screenshots to look at)
ENDPOINT = "https://fcm.googleapis.com/fcm/send/e2e-phone"

# The browser's PushManager, stubbed: what subscribe() made is kept in
# localStorage under a key of the test's own (the page's own keys start
# with "clearhead."), so the phone still "has" it on the next page, as a
# real browser would, until unsubscribe().
STUB = """
(() => {
  const KEY = "e2e-push-subscription";
  const made = %(made)s;
  function subscription(json) {
    return {
      endpoint: json.endpoint,
      expirationTime: null,
      options: { applicationServerKey: null, userVisibleOnly: true },
      toJSON: () => json,
      unsubscribe: () => { localStorage.removeItem(KEY); return Promise.resolve(true); },
    };
  }
  PushManager.prototype.subscribe = function (options) {
    localStorage.setItem("e2e-push-key-used", btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey))));
    localStorage.setItem(KEY, JSON.stringify(made));
    return Promise.resolve(subscription(made));
  };
  PushManager.prototype.getSubscription = function () {
    const kept = localStorage.getItem(KEY);
    return Promise.resolve(kept ? subscription(JSON.parse(kept)) : null);
  };
})();
"""


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


@pytest.fixture
def notifications_set_up(settings):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY


@pytest.fixture
def pat():
    patient = make_user("pat.phone@example.org")
    onboard(patient)
    return patient


@pytest.fixture
def phone_browser(page, context, live_server):
    """A phone whose browser can show notifications, once allowed."""
    browser = BrowserKeys()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(STUB % {"made": json.dumps(browser.subscription(ENDPOINT))})
    return browser


def about_me(page, base_url):
    page.goto(base_url + "/recovery/about-me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About me")


def test_turning_notifications_on_saves_this_phone_and_sign_out_forgets_it(
    page, live_server, pat, notifications_set_up, phone_browser, axe_check, request_log
):
    SHOTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, pat.email)
    about_me(page, live_server.url)
    reminder = page.get_by_role("group", name="Daily reminder")
    status = reminder.get_by_role("status")
    expect(status).to_have_text("Notifications are off on this phone.")
    expect(reminder.get_by_label("E-mail", exact=True)).to_be_checked()
    reminder.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/reminder-off.png")
    axe_check(page)

    reminder.get_by_role("button", name="Turn on notifications on this phone").click()

    expect(status).to_contain_text("Notifications are on for this phone.")
    expect(status).to_contain_text("press Save to keep it")
    saved = PushSubscription.objects.get(patient=pat)
    assert (saved.endpoint, saved.p256dh, saved.auth) == (
        ENDPOINT,
        phone_browser.p256dh,
        phone_browser.auth,
    )
    # It subscribed with this site's public key.
    used = page.evaluate("localStorage.getItem('e2e-push-key-used')")
    assert used.rstrip("=").replace("+", "-").replace("/", "_") == VAPID_PUBLIC_KEY
    both = reminder.get_by_role("radio", name=re.compile("^Both"))
    expect(both).to_be_checked()
    expect(
        reminder.get_by_role("button", name="Turn off notifications on this phone")
    ).to_be_visible()
    page.screenshot(path=f"{SHOTS}/reminder-on.png")
    axe_check(page)

    page.get_by_role("button", name="Save").click()
    assert RecoveryProfile.objects.get(patient=pat).reminder_channel == "both"
    about_me(page, live_server.url)
    expect(page.get_by_role("status").filter(has_text="Notifications")).to_have_text(
        "Notifications are on for this phone."
    )

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert not PushSubscription.objects.filter(patient=pat).exists()
    assert page.evaluate("localStorage.getItem('e2e-push-subscription')") is None
    assert request_log.foreign() == []


def test_turning_notifications_off_forgets_this_phone(
    page, live_server, pat, notifications_set_up, phone_browser
):
    sign_in(page, live_server.url, pat.email)
    about_me(page, live_server.url)
    page.get_by_role("button", name="Turn on notifications on this phone").click()
    expect(page.get_by_role("button", name="Turn off notifications on this phone"))
    page.get_by_role("button", name="Turn off notifications on this phone").click()
    expect(page.get_by_role("status").filter(has_text="Notifications")).to_have_text(
        "Notifications are off on this phone."
    )
    assert not PushSubscription.objects.exists()


def test_a_browser_without_push_says_so(
    page, live_server, pat, notifications_set_up, axe_check
):
    page.add_init_script("delete window.PushManager;")
    sign_in(page, live_server.url, pat.email)
    about_me(page, live_server.url)
    expect(
        page.get_by_text("This browser cannot show notifications from Clearhead.")
    ).to_be_visible()
    expect(
        page.get_by_role("button", name="Turn on notifications on this phone")
    ).to_be_hidden()
    page.get_by_text(
        "This browser cannot show notifications"
    ).scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=f"{SHOTS}/reminder-unsupported.png")
    axe_check(page)


def test_where_notifications_are_not_set_up_the_page_offers_none(
    page, live_server, pat, settings
):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""
    sign_in(page, live_server.url, pat.email)
    about_me(page, live_server.url)
    expect(page.get_by_role("group", name="Daily reminder")).to_be_visible()
    expect(page.get_by_text("How should we remind you?")).to_have_count(0)
    expect(page.get_by_text("notifications", exact=False)).to_have_count(0)


def test_the_phone_shows_the_reminder_the_server_sends(
    page, context, live_server, pat, notifications_set_up, phone_browser
):
    """sw.js's push handler, given the worker's message as the push service
    would deliver it (DevTools' deliverPushMessage), shows it."""
    sign_in(page, live_server.url, pat.email)
    registrations = []
    cdp = context.new_cdp_session(page)
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    about_me(page, live_server.url)  # push-settings.js registers the worker
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(50):  # DevTools reports the registration on its own time
        if registrations:
            break
        page.wait_for_timeout(100)
    [registration_id] = {
        r["registrationId"] for r in registrations if not r.get("isDeleted")
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration_id,
            "data": json.dumps(push.reminder_message()),
        },
    )
    shown = page.wait_for_function(
        """() => navigator.serviceWorker.ready
            .then(r => r.getNotifications())
            .then(ns => ns.length ? ns.map(n => [n.title, n.body, n.tag, n.data.url]) : null)"""
    ).json_value()
    assert shown == [
        [
            "Clearhead",
            "Time for your daily check-in. It takes a minute.",
            "clearhead-reminder",
            "/recovery/check-in/",
        ]
    ]


def test_another_account_on_the_phone_ends_the_last_ones_notifications(
    page, context, live_server, pat, notifications_set_up, phone_browser
):
    """Pat's session ran out without a sign-out; Ben signs in on her phone."""
    ben = make_user("ben.phone@example.org")
    onboard(ben)
    sign_in(page, live_server.url, pat.email)
    about_me(page, live_server.url)
    page.get_by_role("button", name="Turn on notifications on this phone").click()
    expect(page.get_by_role("status").filter(has_text="Notifications")).to_contain_text(
        "on for this phone"
    )
    context.clear_cookies()

    sign_in(page, live_server.url, ben.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    page.wait_for_function("() => !localStorage.getItem('e2e-push-subscription')")
    about_me(page, live_server.url)
    expect(page.get_by_role("status").filter(has_text="Notifications")).to_have_text(
        "Notifications are off on this phone."
    )
    assert not PushSubscription.objects.filter(patient=ben).exists()
