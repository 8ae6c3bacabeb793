"""The companion's scripts say only what their page gives them.

Every word a script shows (the breathing cues, the urge timer, the offline
check-in's notices, the reminder notifications' status) is on the page as a
data-text-* attribute its template marks for translation, so the patient
pages can be translated without touching a script.
"""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from clearhead.recovery.tests.conftest import VAPID_PRIVATE_KEY
from clearhead.recovery.tests.test_recovery_pages import onboard

# Each script, and the page that loads it.
PAGES = {
    "breathing.js": ("recovery:tool", {"tool": "breathing"}),
    "timer.js": ("recovery:tool", {"tool": "urge-surfing"}),
    "checkin-offline.js": ("recovery:checkin", {}),
    "push-settings.js": ("recovery:profile", {}),
}
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
COMMENT = re.compile(r"^\s*//.*$|\s//\s.*$", re.M)
SENTENCE = re.compile(r"[A-Za-z]+ [A-Za-z]+")
# text("left").replace("{time}", ...): the word's name, and what it fills in.
WORD = re.compile(r'\btext\("([\w-]+)"\)(?:\.replace\("(\{\w+\})")?')


def script(name: str) -> str:
    with open(finders.find(f"js/{name}"), encoding="utf-8") as source:
        return source.read()


@pytest.mark.parametrize("name", PAGES)
def test_a_script_holds_no_sentence_of_its_own(name):
    strings = STRING.findall(COMMENT.sub("", script(name)))
    sentences = [text for text in strings if SENTENCE.search(text)]
    assert sentences == ["use strict"]


@pytest.mark.parametrize("name", PAGES)
def test_every_word_a_script_shows_is_on_its_page(client, patient_pat, settings, name):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY  # the push settings
    onboard(patient_pat)
    client.force_login(patient_pat)
    view, kwargs = PAGES[name]
    page = client.get(reverse(view, kwargs=kwargs)).content.decode()
    assert f"js/{name}" in page
    words = WORD.findall(script(name))
    assert words
    missing = []
    for word, fills_in in words:
        found = re.search(rf'data-text-{word}="([^"]+)"', page)
        if not found or fills_in not in found.group(1):
            missing.append(word)
    assert missing == []
