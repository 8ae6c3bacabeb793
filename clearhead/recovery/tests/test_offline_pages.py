"""What the service worker keeps for offline use: the lists in sw.js name the
pages the design means (the check-in, the plan, every coping tool that saves
nothing, the help lines), and the pages it keeps for everyone show nothing
of an account."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse

from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.recovery.views import TOOL_PAGES


def worker_source() -> str:
    with open(finders.find("js/sw.js"), encoding="utf-8") as source:
        return source.read()


def worker_value(name: str):
    """A `var NAME = <JSON>;` of sw.js (a string or a list of strings)."""
    match = re.search(rf"^var {name} = (.+?);$", worker_source(), re.M | re.S)
    assert match, f"sw.js has no var {name}"
    return json.loads(match.group(1))


def test_the_account_pages_kept_offline_are_the_checkin_plans_and_coping_tools():
    kept = {resolve(path).view_name: path for path in worker_value("ACCOUNT_PAGES")}
    tools = {
        resolve(path).kwargs["tool"]
        for path in worker_value("ACCOUNT_PAGES")
        if resolve(path).view_name == "recovery:tool"
    }
    assert set(kept) == {
        "recovery:checkin",
        "recovery:plan",
        "recovery:safety_plan",
        "recovery:tools",
        "recovery:tool",
    }
    # Every tool page opens offline (a new one must be added to sw.js); the
    # thought log and pros and cons save what is written, so they need a
    # connection and are not kept.
    assert tools == set(TOOL_PAGES)
    assert reverse("recovery:thought_log") not in worker_value("ACCOUNT_PAGES")
    assert reverse("recovery:balance") not in worker_value("ACCOUNT_PAGES")


def test_the_public_pages_are_the_help_lines_and_the_offline_page():
    assert worker_value("PUBLIC_PAGES") == [reverse("safety:help_now")]
    assert worker_value("OFFLINE_PAGE") == reverse("recovery:offline")


def test_only_the_account_free_cache_has_the_name_device_store_keeps():
    with open(finders.find("js/device-store.js"), encoding="utf-8") as source:
        prefix = re.search(r'var PUBLIC_CACHES = "([^"]+)";', source.read()).group(1)
    assert worker_value("PUBLIC").startswith(prefix)
    assert not worker_value("PAGES").startswith(prefix)


@pytest.mark.django_db
def test_the_offline_page_names_no_one_and_links_to_what_opens_offline(client):
    response = client.get(reverse("recovery:offline"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<meta name="clearhead-account" content="">' in page
    assert '<meta name="clearhead-offline"' in page
    for name in (
        "safety:help_now",
        "recovery:tools",
        "recovery:plan",
        "recovery:safety_plan",
    ):
        assert f'href="{reverse(name)}"' in page


@pytest.mark.django_db
def test_only_pages_free_of_any_account_are_marked_kept_for_everyone(
    client, patient_pat
):
    assert '<meta name="clearhead-offline"' in client.get("/help/").content.decode()
    onboard(patient_pat)
    client.force_login(patient_pat)
    for path in worker_value("ACCOUNT_PAGES"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<meta name="clearhead-offline"' not in response.content.decode()


def test_the_offline_page_refuses_to_be_changed(client):
    assert client.post(reverse("recovery:offline")).status_code == 405
