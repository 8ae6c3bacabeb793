"""The self-check's pages that Back, Forward and reload come back to, the
page after saving, and the save page's two forms.

The answers live in the browser tab (self-check.js keeps them in
sessionStorage); these tests prove the server's side of that: the URLs a
browser is sent to and asks for carry no answers, the GET pages carry none,
nothing is stored or logged, and the answers posted again give the same page.
"""

import json
import re

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model

from clearhead.screening.models import ScreeningResult
from clearhead.screening.tests.test_journey_views import (
    CARE,
    GAD7,
    PHQ9_ITEM9,
    SELF_CHECK,
    TAKE,
    Journey,
    walk,
)

RESULTS = "/check/results/"
GONE = "Your answers are not kept on this device any more"
STEP_URL = re.compile(r'data-url="([^"]*)"')


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_results_address_shows_no_answers_and_says_when_they_are_gone(client, db):
    response = client.get(RESULTS)
    page = response.content.decode()
    assert response.status_code == 200
    assert GONE in page
    assert 'href="/check/"' in page
    assert "no-store" in response["Cache-Control"]


def test_posting_the_kept_answers_shows_the_same_results_as_the_last_step(client, db):
    journey, last_step, last_page = walk(client, symptoms=["frequency"])
    response = client.post(RESULTS, {"state": journey.state})
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for text in (
        "You said yes to 3 questions",
        "Your anxiety score is 14 out of 21",
        "Intensive outpatient care",
        "Book a visit with a doctor",
        'href="/find/?level=intensive_outpatient&amp;detox=1&amp;service=mental_health"',
    ):
        assert text in page
        assert text in last_page
    assert "no-store" in last_step["Cache-Control"]


def test_results_from_altered_or_no_answers_are_refused_plainly(client, db):
    for state in ("", "not json", json.dumps({"phq9": [9] * 9})):
        response = client.post(RESULTS, {"state": state})
        assert response.status_code == 400
        assert "Please start again" in response.content.decode()


@pytest.mark.parametrize("path", [TAKE, RESULTS, "/check/save/"])
def test_answers_nested_too_deeply_are_refused_plainly(client, patient_pat, path):
    """sessionStorage can be edited: JSON nested thousands deep makes Python's
    json module give up with RecursionError, which must not become a 500."""
    deep = '{"phq9":' + "[" * 100_000 + "]" * 100_000 + "}"
    for signed_in in (False, True):
        if signed_in:
            client.force_login(patient_pat)
        for action in ("show", "next"):
            response = client.post(
                path, {"step": "phq9", "action": action, "state": deep}
            )
            if response.status_code == 302:  # "show" after saving: the list
                assert (signed_in, path, action) == (True, "/check/save/", "show")
                assert response["Location"] == "/check/saved/"
                continue
            assert response.status_code == 400
            assert "Please start again" in response.content.decode()
    assert not ScreeningResult.objects.exists()


def test_each_page_shown_after_a_post_is_given_an_address_without_answers(client, db):
    journey = Journey(client)
    addresses = []
    for step, fields in (
        ("ketamine-self-check", SELF_CHECK),
        ("dsm5-ketamine", {"action": "skip"}),
        ("phq9", PHQ9_ITEM9),
        ("gad7", GAD7),
        ("bladder-check", {"symptoms": ["fever"]}),
        ("level-of-care", CARE),
    ):
        response, page = journey.post(step, **fields)
        assert "no-store" in response["Cache-Control"]
        addresses += STEP_URL.findall(page)
    assert addresses == [
        "/check/take/?step=dsm5-ketamine",
        "/check/take/?step=phq9",
        "/check/take/?step=gad7",
        "/check/take/?step=bladder-check",
        "/check/take/?step=level-of-care",
        RESULTS,
    ]


def test_the_anonymous_path_stores_nothing_and_logs_no_answers(client, db, caplog):
    caplog.set_level("DEBUG")
    before = row_counts()
    journey, _, _ = walk(client, phq9=PHQ9_ITEM9, symptoms=["blood_in_urine"])
    shown = client.post(
        TAKE, {"step": "gad7", "action": "show", "state": journey.state}
    )
    again = client.post(RESULTS, {"state": journey.state})
    gone = client.get(RESULTS)
    assert row_counts() == before
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "phq9" not in logged
    assert "blood_in_urine" not in logged
    for response in (shown, again, gone):
        # Only the CSRF cookie may be set, and it holds no answers.
        assert set(response.cookies) <= {"csrftoken"}
        assert "phq9" not in str(response.cookies)


def test_a_step_shown_again_has_its_answers_and_the_crisis_lines(client, db):
    journey = Journey(client)
    journey.post("ketamine-self-check", **SELF_CHECK)
    journey.post("dsm5-ketamine", action="skip")
    journey.post("phq9", **PHQ9_ITEM9)
    response = client.post(
        TAKE, {"step": "phq9", "action": "show", "state": journey.state}
    )
    page = response.content.decode()
    assert "Mood check (PHQ-9)" in page
    assert "You do not have to face this alone" in page
    assert 'value="1" required id="id_phq9_9_1" checked' in page
    assert 'data-url="/check/take/?step=phq9"' in page


def save_journey_as_patient(client, patient) -> str:
    client.force_login(patient)
    journey, _, _ = walk(client, symptoms=["frequency"])
    response = client.post("/check/save/", {"state": journey.state}, follow=True)
    assert response.redirect_chain[-1][0] == "/check/saved/?saved=1"
    return response.content.decode()


def test_after_saving_the_page_says_saved_what_and_what_next(client, patient_pat):
    page = save_journey_as_patient(client, patient_pat)
    assert "<h1>Your results are saved</h1>" in page
    assert "What we saved" in page
    assert "Suggested: Intensive outpatient care." in page
    # The finder with the level-of-care filters and no place: it asks for one.
    assert (
        'href="/find/?level=intensive_outpatient&amp;detox=1&amp;service=mental_health"'
        in page
    )
    assert 'href="/recovery/check-in/"' in page
    assert "Start daily check-ins" in page
    assert "data-print" in page


def test_the_saved_list_without_a_fresh_save_has_no_next_steps(client, patient_pat):
    save_journey_as_patient(client, patient_pat)
    page = client.get("/check/saved/").content.decode()
    assert "<h1>My saved results</h1>" in page
    assert "What we saved" not in page


def test_a_weak_password_puts_the_cursor_on_that_forms_error(client, db):
    journey, _, _ = walk(client)
    response = client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "register",
            "register-role": "patient",
            "register-email": "new@example.org",
            "register-password1": "password",
            "register-password2": "password",
        },
    )
    page = response.content.decode()
    assert not ScreeningResult.objects.exists()
    assert "This password is too common" in page
    autofocused = re.findall(r"<input[^>]*autofocus[^>]*>", page)
    assert len(autofocused) == 1
    assert 'name="register-password1"' in autofocused[0]


def test_the_save_page_focuses_nothing_before_anything_was_sent(client, db):
    journey, _, _ = walk(client)
    page = client.post("/check/save/", {"state": journey.state}).content.decode()
    assert "Create account and save" in page
    assert "autofocus" not in page


def test_the_save_address_shows_no_answers_and_never_saves_on_show(client, patient_pat):
    page = client.get("/check/save/").content.decode()
    assert GONE in page
    assert "Sign in and save" not in page
    journey, _, _ = walk(client)
    shown = client.post("/check/save/", {"state": journey.state, "action": "show"})
    assert "Sign in and save" in shown.content.decode()
    assert 'data-url="/check/save/"' in shown.content.decode()
    # Back to the save page after signing in and saving: nothing saved twice.
    client.force_login(patient_pat)
    for response in (
        client.get("/check/save/"),
        client.post("/check/save/", {"state": journey.state, "action": "show"}),
    ):
        assert response["Location"] == "/check/saved/"
    assert not ScreeningResult.objects.exists()


def test_show_with_a_sign_up_attached_is_refused_and_saves_nothing(client, db):
    """`action=show` only ever shows the save page again: posted with a
    registration too (self-check.js never sends one), it creates no account
    and stores no result."""
    journey, _, _ = walk(client)
    response = client.post(
        "/check/save/",
        {
            "state": journey.state,
            "action": "show",
            "how": "register",
            "register-role": "patient",
            "register-email": "new@example.org",
            "register-display_name": "New",
            "register-password1": "Very-long-unusual-pass-1",
            "register-password2": "Very-long-unusual-pass-1",
        },
    )
    assert response.status_code == 400
    assert "Please start again" in response.content.decode()
    assert not ScreeningResult.objects.exists()
    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_a_wrong_sign_in_puts_the_cursor_in_the_sign_in_form(client, patient_pat):
    journey, _, _ = walk(client)
    page = client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "signin",
            "signin-username": "pat@example.org",
            "signin-password": "not her password",
        },
    ).content.decode()
    autofocused = re.findall(r"<input[^>]*autofocus[^>]*>", page)
    assert len(autofocused) == 1
    assert 'name="signin-username"' in autofocused[0]
    assert not ScreeningResult.objects.exists()


def test_a_failed_sign_in_on_the_save_page_stores_no_answers_or_password(
    client, patient_pat
):
    """The lockout's record of a failed attempt (django-axes keeps the posted
    fields) must hold neither the answers carried with the form nor the
    password typed into the prefixed sign-in box."""
    journey, _, _ = walk(client, phq9=PHQ9_ITEM9, symptoms=["blood_in_urine"])
    client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "signin",
            "signin-username": "pat@example.org",
            "signin-password": "not-her-password-42",
        },
    )
    stored = " ".join(
        str(row) for model in apps.get_models() for row in model.objects.values_list()
    )
    assert AccessAttempt.objects.count() == 1  # the attempt was recorded
    for secret in ("not-her-password-42", "phq9", "blood_in_urine"):
        assert secret not in stored
