"""Consent pages: a care team's consent is read in full before it is signed.

What the patient signs names the program, why, what, until when and the right
to revoke (42 CFR 2.31, in plain words), and nothing is ticked for them.
"""

import re

import pytest
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.care.models import REVOCATION_STATEMENT, SHARE_KINDS, Consent, Enrollment
from clearhead.clinic import services
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.sharing.forms import ConsentForm
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

JOIN = "clinic:join"


@pytest.fixture
def code(casey_in_program, program):
    return services.patient_invitation_create(actor=casey_in_program, program=program)[
        1
    ]


def _checked(page: str) -> list[str]:
    return re.findall(r"<input[^>]*\bchecked\b[^>]*>", page)


def test_joining_ticks_nothing_for_the_patient(client, code, patient_pat):
    client.force_login(patient_pat)
    page = client.get(reverse(JOIN), {"code": code}).content.decode()
    assert 'type="checkbox"' in page
    assert _checked(page) == []
    assert "Type your full name to sign" not in page  # signed after the summary


def test_the_summary_names_recipient_purpose_kinds_and_end_before_signing(
    client, code, patient_pat
):
    client.force_login(patient_pat)
    response = client.post(
        reverse(JOIN), {"code": code, "sharing": ["checkins", "plan"]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Check and sign" in page
    assert "The care team at Riverbend Recovery" in page
    assert "For my treatment" in page
    assert str(SHARE_KINDS["checkins"]) in page
    assert str(SHARE_KINDS["plan"]) in page
    assert str(SHARE_KINDS["screenings"]) not in page  # only what was chosen
    assert "Your treatment at Riverbend Recovery ends, or you revoke this" in page
    assert str(REVOCATION_STATEMENT) in page
    assert "Type your full name to sign" in page
    assert not Enrollment.objects.exists()  # nothing signed yet

    signed = client.post(
        reverse(JOIN),
        {
            "code": code,
            "sharing": ["checkins", "plan"],
            "confirm": "1",
            "signature": "Pat Example",
        },
    )
    assert signed["Location"] == reverse("clinic:my_care")
    consent = Consent.objects.get()
    assert (consent.kinds, consent.purpose, consent.expiry_event) == (
        ["checkins", "plan"],
        "treatment",
        "end of treatment",
    )
    assert_audited(action=AuditAction.CONSENT_SIGNED, actor=patient_pat)


def test_change_goes_back_with_the_ticks_kept(client, code, patient_pat):
    client.force_login(patient_pat)
    page = client.post(
        reverse(JOIN),
        {"code": code, "sharing": ["plan"], "confirm": "1", "change": "1"},
    ).content.decode()
    assert "<h1>Connect with Riverbend Recovery</h1>" in page
    checked = _checked(page)
    assert len(checked) == 1
    assert 'value="plan"' in checked[0]
    assert not Enrollment.objects.exists()


def test_joining_while_sharing_nothing_says_so_and_needs_no_signature(
    client, code, patient_pat
):
    client.force_login(patient_pat)
    page = client.post(reverse(JOIN), {"code": code}).content.decode()
    assert "<h1>Check and connect" in page
    assert "Nothing you enter in Clearhead" in page
    assert "Type your full name to sign" not in page
    response = client.post(reverse(JOIN), {"code": code, "confirm": "1"})
    assert response["Location"] == reverse("clinic:my_care")
    assert Enrollment.objects.filter(patient=patient_pat).exists()
    assert not Consent.objects.exists()


def test_an_unknown_kind_is_a_clear_400_not_a_crash(client, code, patient_pat):
    client.force_login(patient_pat)
    response = client.post(
        reverse(JOIN),
        {"code": code, "sharing": ["everything"], "confirm": "1", "signature": "Pat"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_changing_what_a_care_team_sees_shows_the_summary_first(
    client, casey_in_program, program, patient_pat
):
    enrollment = enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    client.force_login(patient_pat)
    my_care = client.get(reverse("clinic:my_care")).content.decode()
    assert "Type your full name to sign" not in my_care
    data = {"enrollment": str(enrollment.public_id), "sharing": ["plan", "checkins"]}
    summary = client.post(reverse("clinic:my_care"), data)
    assert summary.status_code == 200
    page = summary.content.decode()
    assert "What Riverbend Recovery sees" in page
    assert str(SHARE_KINDS["checkins"]) in page
    assert_audited(action=AuditAction.PATIENT_RECORD_VIEWED, actor=patient_pat)
    enrollment.forget_sharing()
    assert enrollment.sharing == ["plan"]  # unchanged until signed

    unsigned = client.post(reverse("clinic:my_care"), data | {"confirm": "1"})
    assert unsigned.status_code == 400
    assert "Type your name to sign." in unsigned.content.decode()
    signed = client.post(
        reverse("clinic:my_care"), data | {"confirm": "1", "signature": "Pat"}
    )
    assert signed["Location"] == reverse("clinic:my_care")
    enrollment.forget_sharing()
    assert enrollment.sharing == ["checkins", "plan"]
    assert_audited(action=AuditAction.SHARING_CHANGED, actor=patient_pat)


def test_the_supporter_consent_chooses_no_purpose_for_the_patient():
    form = ConsentForm()
    assert form["purpose"].value() is None
    assert form["kinds"].value() is None
    bound = ConsentForm({"kinds": ["sober_days"], "signature": "Pat"})
    assert not bound.is_valid()
    assert bound.errors["purpose"] == ["Choose why you are sharing."]
