"""The patient's "My data" in words, and the profile's people to call.

"My data" words every stored code from recovery.choices (triggers, coping,
other substances, moods, weekdays, a routine item's kind) and names saved
self-assessments; the JSON download keeps the codes, for other programs.
The profile shows the people filled in and one empty row; the rest wait
behind "Add more people".
"""

import json
import re
import uuid

import pytest
from django.urls import reverse

from clearhead.care.time_zones import today_for
from clearhead.recovery import choices, services
from clearhead.recovery.forms import ProfileForm
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

MY_DATA = reverse("recovery:my_data")
PROFILE = reverse("recovery:profile")
DASHBOARD = reverse("recovery:dashboard")
CODES = ("low_mood", "celebration", "called_someone", "alcohol", "phq9")


def _a_full_record(patient):
    onboard(patient, usual_triggers=["stress", "low_mood"])
    services.checkin_create(
        actor=patient,
        client_id=uuid.uuid4(),
        data={
            "craving": 6,
            "mood": 2,
            "used_ketamine": False,
            "self_harm_thoughts": False,
            "sleep_hours": "6.5",
            "triggers": ["low_mood", "celebration"],
            "coping": ["called_someone"],
            "other_substances": ["alcohol"],
            "note": "A friend's party.",
        },
    )
    services.routine_item_add(
        actor=patient, kind="meeting", title="SMART meeting", weekdays=[1, 3], time=None
    )
    screening_results_save(actor=patient, state=JourneyState({"phq9": [1] * 9}))


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_my_data_says_every_code_in_words(client, patient_pat):
    _a_full_record(patient_pat)
    client.force_login(patient_pat)
    page = client.get(MY_DATA).content.decode()
    text = _words(page)
    for words in (
        "What usually makes me want to use Stress, Feeling low",
        "Feeling low, Parties or celebrations",
        "Called or texted someone",
        "Also: Alcohol",
        "6.5 h",
        "SMART meeting (Support meeting): Monday, Wednesday. Not done yet.",
        "Mood check (PHQ-9)",
        "Sam (brother): 555-0100",
    ):
        assert words in text, words
    # data-label carries the column's name onto each card on a phone.
    assert 'data-label="Mood">Low<' in page
    for code in CODES:
        assert not re.search(rf"\b{code}\b", text), f"{code} shown as a code"
    assert "(meeting)" not in text


def test_the_json_download_keeps_the_codes(client, patient_pat):
    _a_full_record(patient_pat)
    client.force_login(patient_pat)
    data = json.loads(client.get(MY_DATA, {"format": "json"}).content)
    assert data["checkins"][0]["triggers"] == ["low_mood", "celebration"]
    assert data["routine"][0]["kind"] == "meeting"
    assert data["self_assessments"][0]["instrument_id"] == "phq9"


def test_the_check_ins_are_cards_on_a_phone_not_a_sideways_table(client, patient_pat):
    _a_full_record(patient_pat)
    client.force_login(patient_pat)
    page = client.get(MY_DATA).content.decode()
    assert 'class="table-stack record-checkins"' in page
    assert "table-scroll" not in page


def test_a_code_no_longer_listed_is_shown_as_itself_not_dropped():
    assert choices.labels(["stress", "retired"], choices.TRIGGERS) == [
        "Stress",
        "retired",
    ]
    assert choices.labels([0, 6], choices.WEEKDAYS) == ["Sunday", "Saturday"]


def test_a_first_profile_shows_one_person_and_keeps_four_behind_a_disclosure(
    client, patient_pat
):
    client.force_login(patient_pat)
    page = client.get(PROFILE).content.decode()
    shown, more = page.split("Add more people")
    assert re.findall(r"<legend[^>]*>Person (\d)", shown) == ["1"]
    assert re.findall(r"<legend[^>]*>Person (\d)", more) == ["2", "3", "4", "5"]
    phone = re.search(r'<input[^>]*name="contact_1_phone"[^>]*>', page)[0]
    assert 'type="tel"' in phone
    # Someone else's number: the browser must not offer the patient's own.
    assert 'autocomplete="off"' in phone


def test_the_people_filled_in_and_one_empty_row_are_shown(client, patient_pat):
    onboard(patient_pat)  # Sam
    client.force_login(patient_pat)
    page = client.get(PROFILE).content.decode()
    shown, _more = page.split("Add more people")
    assert re.findall(r"<legend[^>]*>Person (\d)", shown) == ["1", "2"]
    assert 'value="Sam"' in shown


def test_a_person_with_an_error_is_shown_with_it(client, patient_pat):
    client.force_login(patient_pat)
    response = client.post(
        PROFILE,
        {"stop_date": "2026-01-01", "time_zone": "UTC", "contact_3_name": "Jo"},
    )
    page = response.content.decode()
    shown, _more = page.split("Add more people")
    assert "Add a phone number, or remove the name." in shown
    assert re.findall(r"<legend[^>]*>Person (\d)", shown) == ["1", "2", "3", "4"]
    assert "Please check the answers marked below." in page


def test_five_people_leave_nothing_behind_a_disclosure():
    data = {f"contact_{n}_name": f"P{n}" for n in range(1, 6)} | {
        f"contact_{n}_phone": "555" for n in range(1, 6)
    }
    shown, more = ProfileForm(data).contact_rows_split()
    assert [row.number for row in shown] == [1, 2, 3, 4, 5]
    assert more == []


def test_a_missing_stop_date_is_asked_for_in_plain_words(client, patient_pat):
    client.force_login(patient_pat)
    page = client.post(PROFILE, {"time_zone": "UTC"}).content.decode()
    assert "Enter the day you stopped, or plan to stop." in page
    assert "This field is required" not in page


def test_the_home_says_the_routine_over_the_recent_window(client, patient_pat):
    onboard(patient_pat)
    today = today_for(patient_pat)
    item = services.routine_item_add(
        actor=patient_pat,
        kind="exercise",
        title="Walk",
        weekdays=[(today.weekday() + 1) % 7],
        time=None,
    )
    services.routine_item_toggle(actor=patient_pat, item=item, day=today)
    client.force_login(patient_pat)
    page = client.get(DASHBOARD).content.decode()
    assert "1 of 1 routine item done in the last 7 days (100%)." in page


def test_the_homes_recent_check_ins_say_the_mood_in_words(client, patient_pat):
    onboard(patient_pat)
    services.checkin_create(
        actor=patient_pat,
        client_id=uuid.uuid4(),
        data={
            "craving": 2,
            "mood": 4,
            "used_ketamine": False,
            "self_harm_thoughts": False,
        },
    )
    client.force_login(patient_pat)
    page = client.get(DASHBOARD).content.decode()
    assert "<td>Good</td>" in page
    assert "4/5" not in page
