"""Public pages cached for people not signed in (core.public_cache).

Nothing here times anything: a page served from the cache is told apart by
the cache's contents and by the queries it costs.
"""

import io
import json
import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhead.core.public_cache import CSRF_PLACEHOLDER
from clearhead.directory import services as directory_services
from clearhead.directory.models import Facility, InfusionReview
from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory
from clearhead.education import library

ARTICLE = "/learn/bladder-and-kidney-health/"
CACHED_PAGES = [
    "/",
    "/check/",
    ARTICLE,
    "/find/?near=62701",
    "/meetings/?near=62701",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A Monday noon in Chicago.
MONDAY_NOON = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _memory_cache():
    """A cache of this module's own, in memory, whatever REDIS_URL says."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-cache-tests",
        }
    }
    with override_settings(CACHES=caches):
        cache.clear()
        yield
        cache.clear()


def cached_pages() -> list[bytes]:
    """The pages in the cache now (the in-memory backend's own store)."""
    return [
        cache.get(key.split(":", 2)[-1])
        for key in list(cache._cache)
        if "public-page:" in key
    ]


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_a_second_anonymous_visit_costs_no_more_queries_than_healthz(db, url):
    FacilityFactory()
    MeetingFactory()
    floor = queries_of(Client(), "/healthz")
    first = Client().get(url)
    assert len(cached_pages()) == 1
    assert queries_of(Client(), url) <= floor
    again = Client().get(url)
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub(
        "", first.content.decode()
    )


def test_a_signed_in_person_never_gets_or_leaves_a_cached_page(client, patient_pat):
    client.force_login(patient_pat)
    response = client.get("/")
    assert reverse("accounts:logout") in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert cached_pages() == []

    Client().get("/")  # now the anonymous page is cached
    assert len(cached_pages()) == 1
    response = client.get("/")
    assert reverse("accounts:logout") in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert reverse("accounts:logout") not in Client().get("/").content.decode()


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(db):
    visitor = Client()
    page = visitor.get(ARTICLE).content.decode()
    token = TOKEN.search(page).group(1)
    response = visitor.post(
        f"{ARTICLE}feedback/",
        {"csrfmiddlewaretoken": token, "helpful": "yes"},
        follow=True,
    )
    assert "Thank you for your feedback." in response.content.decode()
    assert all(b"Thank you for your feedback." not in page for page in cached_pages())
    assert "Thank you for your feedback." not in Client().get(ARTICLE).content.decode()

    # Any cookie but the CSRF and language ones (here a session's) bypasses it.
    cache.clear()
    with_session = Client()
    with_session.cookies["sessionid"] = "anything"
    assert with_session.get("/").status_code == 200
    assert cached_pages() == []


def test_spanish_and_english_readers_get_their_own_pages(db):
    english = Client().get("/")
    spanish = Client(headers={"accept-language": "es"}).get("/")
    by_cookie = Client()
    by_cookie.cookies["clearhead_language"] = "es"
    from_cookie = by_cookie.get("/")
    assert english["Content-Language"] == "en"
    assert "In danger right now?" in english.content.decode()
    for response in (spanish, from_cookie):
        assert response["Content-Language"] == "es"
        assert "¿Está en peligro ahora mismo?" in response.content.decode()
    assert "In danger right now?" in Client().get("/").content.decode()
    # The switch offers the other language, so the chosen one is in the key too.
    assert len(cached_pages()) == 2


def test_each_region_gets_its_own_pages(db):
    assert "Call 988" in Client().get("/").content.decode()
    with override_settings(CLEARHEAD_REGION="UK"):
        page = Client().get("/").content.decode()
        assert "999" in page
        assert "988" not in page
    assert "Call 988" in Client().get("/").content.decode()
    assert len(cached_pages()) == 2


@pytest.mark.parametrize("url", ["/check/", ARTICLE])
def test_each_visitor_gets_a_working_csrf_token_of_their_own(db, url):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    first_page = first.get(url).content.decode()
    second_page = second.get(url).content.decode()  # from the cache
    [stored] = cached_pages()
    assert CSRF_PLACEHOLDER.encode() in stored
    tokens = {visitor: set(TOKEN.findall(page)) for visitor, page in
              (("first", first_page), ("second", second_page))}  # fmt: skip
    assert len(tokens["first"]) == len(tokens["second"]) == 1
    [first_token], [second_token] = tokens["first"], tokens["second"]
    assert first_token != second_token
    assert first_token.encode() not in stored
    assert second_token.encode() not in stored
    assert CSRF_PLACEHOLDER not in second_page

    def switch(visitor, token):
        return visitor.post(
            "/language/",
            {"csrfmiddlewaretoken": token, "language": "es", "next": url},
        )

    assert switch(second, second_token).status_code == 302
    assert switch(first, first_token).status_code == 302
    # One visitor's token is no use with another's cookie.
    assert switch(Client(enforce_csrf_checks=True), first_token).status_code == 403


def test_the_article_feedback_form_posts_from_a_cached_page(db):
    Client().get(ARTICLE)
    visitor = Client(enforce_csrf_checks=True)
    token = TOKEN.search(visitor.get(ARTICLE).content.decode()).group(1)
    response = visitor.post(
        f"{ARTICLE}feedback/", {"csrfmiddlewaretoken": token, "helpful": "no"}
    )
    assert response.status_code == 302


@pytest.fixture
def articles_to_edit(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(library.ARTICLES_DIR, folder)
    monkeypatch.setattr(library, "ARTICLES_DIR", folder)
    library._loaded.cache_clear()
    yield folder
    library._loaded.cache_clear()


def test_an_edited_article_shows_at_once(db, articles_to_edit):
    assert (
        "Ketamine, your bladder and your kidneys"
        in Client().get(ARTICLE).content.decode()
    )
    assert len(cached_pages()) == 1
    path = articles_to_edit / "bladder-and-kidney-health.md"
    raw = path.read_text()
    title = re.search(r"^title: (.*)$", raw, re.MULTILINE).group(0)
    path.write_text(raw.replace(title, "title: Your bladder, kidneys and ketamine"))
    library._loaded.cache_clear()  # a process reads its release's articles

    page = Client().get(ARTICLE).content.decode()
    assert "Your bladder, kidneys and ketamine" in page


def test_a_meeting_import_shows_at_once(db, tmp_path):
    url = "/meetings/?near=62701"
    row = {
        "name": "Springfield Monday Lunch",
        "slug": "monday-lunch",
        "day": 1,
        "time": "12:30",
        "types": ["O"],
        "address": "88 Elm Avenue",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([row]))
    with time_machine.travel(MONDAY_NOON, tick=False):
        assert "Springfield Monday Lunch" not in Client().get(url).content.decode()
        call_command("import-meetings", str(path), "--feed", "t", stdout=io.StringIO())
        assert "Springfield Monday Lunch" in Client().get(url).content.decode()


def test_a_listing_hidden_by_an_operator_goes_at_once(db):
    facility = FacilityFactory(name="Springfield Infusion Lounge")
    url = "/find/?near=62701"
    assert "Springfield Infusion Lounge" in Client().get(url).content.decode()
    directory_services.infusion_review_set(
        Facility.all_objects.filter(pk=facility.pk), InfusionReview.INFUSION
    )
    assert "Springfield Infusion Lounge" not in Client().get(url).content.decode()


def test_the_meeting_list_is_drawn_again_each_minute(db):
    MeetingFactory(days=[1], start_time="12:30")
    url = "/meetings/?near=62701"
    with time_machine.travel(MONDAY_NOON, tick=False):
        assert "starts in 30 minutes" in Client().get(url).content.decode()
    with time_machine.travel(MONDAY_NOON + timedelta(seconds=59), tick=False):
        assert "starts in 30 minutes" in Client().get(url).content.decode()
    with time_machine.travel(MONDAY_NOON + timedelta(minutes=1), tick=False):
        assert "starts in 29 minutes" in Client().get(url).content.decode()


def test_cached_pages_keep_the_security_headers(db):
    Client().get("/")
    response = Client().get("/")
    assert len(cached_pages()) == 1
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    # No nonce: one in a cached page would be replayed to every visitor.
    assert "nonce" not in policy
    assert "Cookie" in response["Vary"]
    assert "Accept-Language" in response["Vary"]
    # The cached page's cookie is the visitor's own CSRF cookie, nothing else.
    assert set(response.cookies) <= {"csrftoken"}


def test_quick_exit_is_never_cached_and_keeps_its_headers(db):
    Client().get("/")
    response = Client().get("/exit/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert len(cached_pages()) == 1
