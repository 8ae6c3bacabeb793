"""Every clinic page about a patient names them in its heading, never in <title>.

With several tabs open, the heading says whose record this is (the name and
the program's chart number). The browser's title stays generic, because
titles stay in the history of a shared clinic machine.
"""

import re
from html import unescape

import pytest
from django.urls import get_resolver, reverse

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.care.models import Enrollment
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.screening.explain import CLINICIAN_REASONS, REASONS
from clearhead.testing import assert_audited, make_user

pytestmark = pytest.mark.clock

NAME = "Patricia Quill"
CHART = "RB-1042"
# Routes about one patient that change something and have no page of their own.
POST_ONLY = {"flag_review", "appointment_attendance", "chart_number", "contact_log"}


@pytest.fixture
def quill(casey_in_program, program, patient_pat):
    patient_pat.display_name = NAME
    patient_pat.save(update_fields=["display_name"])
    enrollment = enroll(patient_pat, casey_in_program, program)
    records.chart_number_set(
        actor=casey_in_program, enrollment=enrollment, chart_number=CHART
    )
    return enrollment


def _patient_routes():
    """(name, route) of every clinic URL with a patient's id in it."""
    resolver = get_resolver().namespace_dict["clinic"][1]
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.startswith("patients/<uuid:public_id>"):
            yield pattern.name, route


def _h1(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "no <h1>"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def _title(page: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def test_every_page_about_a_patient_names_them_in_the_heading_not_the_title(
    client, casey_in_program, quill
):
    intake = records.intake_record(
        actor=casey_in_program,
        enrollment=quill,
        answers={"phq9": [1] * 9, "level-of-care": {}},
    )
    note = records.note_write(
        actor=casey_in_program, enrollment=quill, data="d", assessment="a", plan="p"
    )
    extra_ids = {"intake_id": intake.public_id, "note_id": note.public_id}
    client.force_login(casey_in_program)
    seen = []
    for name, route in _patient_routes():
        if name in POST_ONLY:
            continue
        kwargs = {"public_id": quill.public_id} | {
            key: value for key, value in extra_ids.items() if f"<uuid:{key}>" in route
        }
        response = client.get(reverse(f"clinic:{name}", kwargs=kwargs))
        assert response.status_code == 200, (name, response.status_code)
        page = response.content.decode()
        heading, title = _h1(page), _title(page)
        assert NAME in heading, (name, heading)
        assert f"Chart {CHART}" in heading, (name, heading)
        assert NAME not in title, (name, title)
        assert quill.patient.email not in title, (name, title)
        assert CHART not in title, (name, title)
        assert "Patient record" in title, (name, title)
        seen.append(name)
    assert {"patient_detail", "notes", "note_detail", "plan", "intake"} <= set(seen)
    assert {"intake_decide", "drug_tests", "appointments"} <= set(seen)


def test_post_only_patient_routes_refuse_a_get(client, casey_in_program, quill):
    """The routes skipped above really have no page (a GET is refused)."""
    client.force_login(casey_in_program)
    for name, _ in _patient_routes():
        if name == "chart_number":
            response = client.get(
                reverse("clinic:chart_number", args=[quill.public_id])
            )
            assert response.status_code == 405


def test_the_care_team_sets_and_clears_the_chart_number(
    client, casey_in_program, patient_pat, quill
):
    url = reverse("clinic:chart_number", args=[quill.public_id])
    client.force_login(casey_in_program)
    response = client.post(url, {"chart_number": " 77/B.2 "})
    assert response["Location"] == reverse(
        "clinic:patient_detail", args=[quill.public_id]
    )
    quill.refresh_from_db()
    assert quill.chart_number == "77/B.2"
    assert_audited(
        action=AuditAction.CHART_NUMBER_CHANGED,
        actor=casey_in_program,
        patient=patient_pat,
    )
    client.post(url, {"chart_number": ""})
    quill.refresh_from_db()
    assert quill.chart_number == ""


@pytest.mark.parametrize(
    "bad", ["<script>", "12 34", "-12", "A" * 31, "née", "12;DROP"]
)
def test_a_bad_chart_number_is_a_clear_400(client, casey_in_program, quill, bad):
    client.force_login(casey_in_program)
    response = client.post(
        reverse("clinic:chart_number", args=[quill.public_id]), {"chart_number": bad}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Use up to 30 letters and numbers" in page or "at most 30" in page
    quill.refresh_from_db()
    assert quill.chart_number == CHART


def test_two_patients_in_care_do_not_share_a_chart_number(
    client, casey_in_program, program, quill
):
    other = make_user("quinn@example.org", Role.PATIENT, "Quinn")
    second = enroll(other, casey_in_program, program)
    client.force_login(casey_in_program)
    response = client.post(
        reverse("clinic:chart_number", args=[second.public_id]),
        {"chart_number": CHART.lower()},
    )
    assert response.status_code == 400
    assert "Another patient in care here has this chart number." in (
        response.content.decode()
    )
    assert Enrollment.objects.get(pk=second.pk).chart_number == ""


def test_someone_outside_the_care_team_cannot_set_it(client, clinician_olive, quill):
    client.force_login(clinician_olive)
    response = client.post(
        reverse("clinic:chart_number", args=[quill.public_id]),
        {"chart_number": "X1"},
    )
    assert response.status_code == 404
    quill.refresh_from_db()
    assert quill.chart_number == CHART


def test_the_guidance_page_speaks_about_the_patient_not_as_them():
    assert set(CLINICIAN_REASONS) == set(REASONS)
    for words in CLINICIAN_REASONS.values():
        assert not re.search(r"\byou(r)?\b", words, re.I), words
