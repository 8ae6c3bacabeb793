"""The page shell: help on every page, quick exit, nothing from other hosts."""

import re

import pytest
from django.test import override_settings

PUBLIC_PAGES = ["/", "/help/", "/privacy/", "/account/sign-in/", "/account/register/"]
# Attributes that make the browser fetch something by itself.
FETCHING_ATTRIBUTE = re.compile(
    r'<(?:script|link|img|iframe|source)[^>]*?(?:src|href)="([^"]+)"'
)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_offers_help_now_and_quick_exit(client, db, url):
    page = client.get(url).content.decode()
    assert 'href="/help/"' in page
    assert "Get help now" in page
    assert 'href="/exit/"' in page
    assert "data-quick-exit" in page
    assert "Call 988" in page  # the crisis line is in the footer of every page


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/api/v1/docs"])
def test_pages_load_nothing_from_another_host(client, db, url):
    page = client.get(url).content.decode()
    fetched = FETCHING_ATTRIBUTE.findall(page)
    assert fetched, "expected the page to load its own assets"
    assert [src for src in fetched if "//" in src] == []


def test_the_us_help_page_lists_the_us_lines(client, db):
    page = client.get("/help/").content.decode()
    for text in ("911", "988", "1-800-662-4357", "1-800-222-1222", "HOME to 741741"):
        assert text in page
    assert 'href="tel:18006624357"' in page
    assert "116 123" not in page


@override_settings(CLEARHEAD_REGION="UK")
def test_a_uk_deployment_shows_uk_lines_and_never_988(client, db):
    page = client.get("/help/").content.decode()
    for text in ("999", "Samaritans", "116 123", "NHS 111", "FRANK", "85258"):
        assert text in page
    assert "988" not in page
    assert "911" not in page


def test_quick_exit_lands_on_a_blank_page_that_names_nothing(client, db):
    response = client.get("/exit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Clearhead" not in page
    assert "ketamine" not in page.lower()
    # The unsent check-in queue and the cached check-in page go too.
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]


def test_quick_exit_signs_the_person_out(client, patient_pat):
    client.force_login(patient_pat)
    assert client.get("/exit/").status_code == 200
    response = client.get("/account/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_signed_in_pages_are_never_stored_by_the_browser(client, patient_pat):
    client.force_login(patient_pat)
    response = client.get("/account/settings/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_security_headers_are_set(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_an_unknown_page_is_a_friendly_404_with_help(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We can't find that page" in page
    assert "Get help now" in page


def test_a_wrong_method_is_refused_not_an_error(client, db):
    assert client.post("/help/").status_code == 405


def test_a_strict_content_security_policy_is_sent(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    "url", [*PUBLIC_PAGES, "/check/take/", "/learn/", "/find/", "/meetings/"]
)
def test_no_page_has_inline_script_or_style(client, db, url):
    page = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
    assert " style=" not in page
    assert " onclick=" not in page


def test_home_offers_the_crisis_line_then_the_two_main_actions(client, db):
    page = client.get("/").content.decode()
    crisis = page.index("In danger right now?")
    check = page.index('href="/check/">Check my ketamine use')
    find = page.index('href="/find/">Find treatment or a meeting near me')
    assert crisis < check < find
    assert 'href="tel:911"' in page[crisis:check]
    assert "(5 minutes, private)" in page[check:find]


def test_the_help_page_says_what_browser_history_can_still_show(client, db):
    page = client.get("/help/").content.decode()
    leaving = page[page.index('id="leaving"') :]
    assert "history can still show" in leaving
    assert "private window" in leaving
    assert "delete this site from your history" in leaving


def test_no_template_has_a_comment_that_would_show_on_the_page():
    """Django's {# … #} comment ends at the end of its line; one spread over
    lines is printed on the page as text. Longer ones use {% comment %}."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    broken = [
        f"{path.relative_to(root)}:{number}"
        for path in root.glob("**/templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert broken == []
