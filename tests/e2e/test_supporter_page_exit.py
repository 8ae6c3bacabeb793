"""A supporter's page at its fullest, on a phone: the missed-check-in warning
is accessible (target size on), the page is never stored, and after quick
exit Back asks the server again instead of showing what was shared."""

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care import services as care_services
from clearhead.care.models import Consent
from clearhead.core import clock
from clearhead.recovery.models import RecoveryProfile
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.sharing import services as sharing_services
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE, RequestLog, assert_accessible
from tests.e2e.test_daily_checkin import sign_in
from tests.e2e.test_home_and_exit import ServerHits

# Screenshots to look at by eye (not compared): $TMPDIR/shots16.
SHOTS = Path(tempfile.gettempdir()) / "shots16"


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def phone_with_back_cache(browser_type, browser_type_launch_args):
    """A phone-sized tab with Chromium's back-forward cache on, as on a phone
    (the same as test_home_and_exit's)."""
    browser = browser_type.launch(
        **browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"]
    )
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(8_000)
    yield page
    browser.close()


@pytest.fixture
def server_hits():
    hits = ServerHits()
    request_started.connect(hits, dispatch_uid="test-supporter-page-exit-hits")
    yield hits
    request_started.disconnect(dispatch_uid="test-supporter-page-exit-hits")


def _quiet_patient_shared_with_sam():
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    pat.time_zone = "UTC"
    pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=pat, stop_date=clock.today_in("UTC") - timedelta(days=20)
    )
    add_checkin(pat, 4, 3)
    sam = make_user("sam@example.org", Role.SUPPORTER, "Sam")
    link, code = sharing_services.supporter_invite(actor=pat, relation="mum")
    sharing_services.supporter_accept(actor=sam, code=code)
    link.refresh_from_db()
    consent = care_services.consent_sign(
        actor=pat,
        link=link,
        kinds=["sober_days", "checkin_adherence", "missed_checkin_alerts"],
        purpose="family_support",
        expires_on=clock.today_in("UTC") + timedelta(days=30),
        signature="Pat Example",
    )
    Consent.objects.filter(pk=consent.pk).update(
        signed_at=clock.now() - timedelta(days=10)
    )


def test_the_full_supporter_page_passes_axe_and_quick_exit_leaves_nothing_for_back(
    phone_with_back_cache,
    live_server,
    server_hits,
):
    page = phone_with_back_cache
    request_log = RequestLog(page, live_server.url)
    _quiet_patient_shared_with_sam()
    sign_in(page, live_server.url, "sam@example.org")
    page.wait_for_url("**/supporter/")
    person = page.get_by_role("region", name="Pat")
    expect(person.get_by_text("Pat has not checked in for 4 days.")).to_be_visible()
    expect(person.get_by_text(re.compile(r"^Last check-in: "))).to_be_visible()
    assert_accessible(page)
    response = page.request.get(live_server.url + "/supporter/")
    assert "no-store" in response.headers["cache-control"]

    page.goto(live_server.url + "/help/")
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    before = server_hits.count("/supporter/")
    page.go_back()
    assert server_hits.count("/supporter/") == before + 1, server_hits.paths
    # Quick exit signed Sam out: Back shows the sign-in page, not Pat.
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    expect(page.get_by_text("Pat has not checked in")).to_have_count(0)
    assert request_log.foreign() == []


def test_quick_exit_deletes_the_kept_check_in_page_and_the_service_worker(
    page, context, live_server
):
    """The service worker keeps the signed-in check-in page for offline use:
    after quick exit neither the copy nor the worker is left, and the page
    cannot open offline from this phone."""
    from clearhead.recovery.tests.test_recovery_pages import onboard

    ana = make_user("ana@example.org")
    onboard(ana)
    sign_in(page, live_server.url, ana.email)
    page.goto(live_server.url + "/recovery/check-in/")
    kept = "async () => !!(await caches.match('/recovery/check-in/'))"
    for _ in range(50):
        if page.evaluate(kept):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(kept)

    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    left = page.evaluate(
        """async () => ({
            caches: (await caches.keys()).length,
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            local: localStorage.length,
            session: sessionStorage.length,
        })"""
    )
    assert left == {"caches": 0, "workers": 0, "local": 0, "session": 0}
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017, PT011 - no page to show offline
        page.goto(live_server.url + "/recovery/check-in/")
    context.set_offline(False)


LONG_EMAIL = "samantha.margaret.longfamilyname.mother.of.pat@family-members.example.org"
LONG_NAME = "Bartholomew-Maximilian-Alexandrovich-Featherstonehaugh-Cholmondeley"


def test_long_names_and_addresses_never_make_the_family_pages_scroll_sideways(
    page, live_server
):
    from clearhead.recovery.tests.test_recovery_pages import onboard

    pat = make_user("pat@example.org", Role.PATIENT, LONG_NAME)
    onboard(pat)
    sam = make_user(LONG_EMAIL, Role.SUPPORTER, "")
    link, code = sharing_services.supporter_invite(actor=pat, relation=LONG_NAME[:60])
    sharing_services.supporter_accept(actor=sam, code=code)
    sign_in(page, live_server.url, pat.email)
    page.goto(live_server.url + "/recovery/")
    expect(page.get_by_text("asked to support you")).to_be_visible()
    wide = "document.documentElement.scrollWidth"
    assert page.evaluate(wide) <= PHONE["width"], "patient home"
    page.screenshot(path=f"{SHOTS}/family-home-long-names.png")
    page.goto(live_server.url + "/my-supporters/")
    assert page.evaluate(wide) <= PHONE["width"], "my supporters"
    link.refresh_from_db()
    care_services.consent_sign(
        actor=pat,
        link=link,
        kinds=["sober_days", "checkin_adherence", "missed_checkin_alerts"],
        purpose="family_support",
        expires_on=clock.today_in("UTC") + timedelta(days=30),
        signature="Pat Example",
    )
    page.context.clear_cookies()
    sign_in(page, live_server.url, LONG_EMAIL)
    page.wait_for_url("**/supporter/")
    expect(page.get_by_text("We will e-mail you at")).to_be_visible()
    assert page.evaluate(wide) <= PHONE["width"], "supporter page"
    page.screenshot(path=f"{SHOTS}/family-supporter-long-names.png", full_page=True)
    assert_accessible(page)


def test_quick_exit_in_one_tab_also_leaves_every_other_clearhead_tab(
    page, context, live_server
):
    """A phone's tab switcher shows every open tab: a second Clearhead tab
    (the supporter page, say) must not stay on screen after quick exit."""
    _quiet_patient_shared_with_sam()
    sign_in(page, live_server.url, "sam@example.org")
    page.wait_for_url("**/supporter/")
    other = context.new_page()
    other.goto(live_server.url + "/help/")
    other.evaluate("() => sessionStorage.setItem('clearhead:self-check:answers', '{}')")

    other.get_by_role("link", name="Quick exit").click()
    expect(other).to_have_url(re.compile(r"/exit/$"))
    expect(page).to_have_url(re.compile(r"/exit/$"))
    expect(page.locator("body")).not_to_contain_text("Pat")
    assert page.evaluate("() => sessionStorage.length + localStorage.length") == 0
