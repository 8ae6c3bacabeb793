"""Pages stay readable on a 360 px wide phone: nothing scrolls sideways."""

import pytest

from clearhead.accounts.models import Role
from clearhead.core.testing import PERSONA_PASSWORD, make_user

PUBLIC_PAGES = ["/", "/help/", "/privacy/", "/account/sign-in/", "/account/register/"]


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def assert_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide at a 360px viewport"


def test_public_pages_fit_a_360px_screen(narrow_page, live_server):
    for path in PUBLIC_PAGES:
        narrow_page.goto(live_server.url + path)
        assert_fits(narrow_page)


def test_account_settings_with_tokens_fit_a_360px_screen(narrow_page, live_server):
    make_user("narrow@example.org", Role.PATIENT)
    narrow_page.goto(live_server.url + "/account/sign-in/")
    narrow_page.get_by_label("E-mail address").fill("narrow@example.org")
    narrow_page.get_by_label("Password").fill(PERSONA_PASSWORD)
    narrow_page.get_by_role("button", name="Sign in").click()
    narrow_page.get_by_label("Token name").fill("a token with a rather long name")
    narrow_page.get_by_role("button", name="Create token").click()
    narrow_page.locator("#new-token").wait_for()
    assert_fits(narrow_page)
