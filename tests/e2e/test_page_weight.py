"""Every public page stays light on a phone: at most 150 KB of our own HTML,
CSS and JavaScript, and nothing at all from another host.

Someone on a weak or metered connection, often the person who most needs
the help lines, should get every page fast. The budget counts the bytes
of the response bodies the browser received for the page itself, its
stylesheets and its scripts (images and fonts are not counted; we load no
fonts).
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from clearhead.directory import vocabulary
from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory
from tests.e2e.conftest import PHONE, assert_accessible
from tests.e2e.pages.self_assessment import SelfAssessment

BUDGET_BYTES = 150 * 1024
COUNTED = {"document", "stylesheet", "script"}

PUBLIC_PAGES = [
    "/",
    "/help/",
    "/check/",
    "/check/take/",
    "/check/take/?step=level-of-care",
    "/check/results/",
    "/find/",
    "/find/?near=62704",
    "{program}",
    "/meetings/",
    "/meetings/?near=62704",
    "{meeting}",
    "/learn/",
    "/learn/bladder-and-kidney-health/",
    "/learn/for-family-and-friends/",
    "/privacy/",
    "/account/sign-in/",
    "/account/register/",
    "/account/register/?as=supporter",
]


@pytest.fixture
def viewport():
    return PHONE


def weigh(browser, url: str) -> tuple[int, list[str], list[str]]:
    """Load `url` in a fresh phone-sized tab (nothing cached); return the
    bytes counted, what they were, and any request to another host."""
    own_host = urlsplit(url).netloc
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    responses = []
    requested = []

    def on_response(response):
        responses.append(response)

    def on_request(request):
        requested.append(request.url)

    page.on("response", on_response)
    page.on("request", on_request)
    answer = page.goto(url)
    assert answer.status == 200, f"{url}: {answer.status}"
    page.wait_for_load_state("networkidle")
    total = 0
    counted = []
    for response in responses:
        if response.request.resource_type not in COUNTED:
            continue
        if urlsplit(response.url).netloc != own_host or 300 <= response.status < 400:
            continue
        size = len(response.body())
        total += size
        counted.append(f"{size:>7} {urlsplit(response.url).path}")
    context.close()
    foreign = [
        address
        for address in requested
        if urlsplit(address).scheme in {"http", "https", "ws", "wss"}
        and urlsplit(address).netloc != own_host
    ]
    return total, counted, foreign


def test_every_public_page_needs_at_most_150_kb_and_nothing_from_another_host(
    browser, live_server
):
    program = FacilityFactory(name="Riverbend Recovery Services")
    meeting = MeetingFactory(name="Clear Mind Tuesday", days=[2])
    too_heavy = []
    report = []
    from_elsewhere = []
    for path in PUBLIC_PAGES:
        path = path.format(
            program=f"/find/{program.public_id}/",
            meeting=f"/meetings/{meeting.public_id}/",
        )
        total, counted, foreign = weigh(browser, live_server.url + path)
        assert counted, f"{path}: nothing was counted"
        report.append(f"{total:>7} {path}")
        if total > BUDGET_BYTES:
            too_heavy.append(f"{path}: {total} bytes\n" + "\n".join(counted))
        if foreign:
            from_elsewhere.append(f"{path}: {foreign}")
    print("\n".join(report))
    assert too_heavy == [], "\n\n".join(too_heavy)
    assert from_elsewhere == []


def test_every_public_page_passes_axe_on_a_phone(page, live_server):
    """The same public pages, each checked by axe at 390 x 844 with WCAG 2.2
    target size on; all failures are reported together."""
    program = FacilityFactory(name="Riverbend Recovery Services")
    meeting = MeetingFactory(name="Clear Mind Tuesday", days=[2])
    failures = []
    for path in PUBLIC_PAGES:
        path = path.format(
            program=f"/find/{program.public_id}/",
            meeting=f"/meetings/{meeting.public_id}/",
        )
        page.goto(live_server.url + path)
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path}:\n{error}")
    assert failures == [], "\n\n".join(failures)


def test_the_self_check_results_need_at_most_150_kb(browser, live_server):
    """The results are the answer to a form, so they are weighed after the
    last step is sent, counting only what that answer brought."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    weighed = []
    page.on("response", lambda response: weighed.append(response))
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    check.expect_step("Bladder and body check")
    check.tick("Memory problems")
    check.next()
    check.expect_step("What kind of help fits")
    for group in page.locator("form.step-form fieldset").all()[:6]:
        group.get_by_role("radio").first.check()
    check.answer("In the past month, have you had thoughts", "No")
    page.wait_for_load_state("networkidle")
    weighed.clear()
    check.next()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    page.wait_for_load_state("networkidle")
    own_host = urlsplit(live_server.url).netloc
    total = sum(
        len(response.body())
        for response in weighed
        if response.request.resource_type in COUNTED
        and urlsplit(response.url).netloc == own_host
        and not 300 <= response.status < 400
    )
    assert_accessible(page)
    context.close()
    assert 0 < total <= BUDGET_BYTES
    assert all(urlsplit(r.url).netloc == own_host for r in weighed)


def test_full_result_pages_with_every_detail_stay_within_the_budget(
    browser, live_server
):
    """A page of results at its heaviest: every result with every level of
    care, payment, language and population the vocabulary has."""
    for _ in range(30):
        FacilityFactory(
            levels=list(vocabulary.LEVELS),
            services=list(vocabulary.SERVICES),
            payments=list(vocabulary.PAYMENTS),
            languages=list(vocabulary.LANGUAGES),
            populations=list(vocabulary.POPULATIONS),
        )
        MeetingFactory(days=[0, 1, 2, 3, 4, 5, 6], types=list(vocabulary.MEETING_TYPES))
    heavy = []
    for path in ("/find/?near=62704", "/meetings/", "/meetings/?near=62704"):
        total, counted, foreign = weigh(browser, live_server.url + path)
        print(total, path)
        assert foreign == []
        if total > BUDGET_BYTES:
            heavy.append(f"{path}: {total} bytes\n" + "\n".join(counted))
    assert heavy == [], "\n\n".join(heavy)
