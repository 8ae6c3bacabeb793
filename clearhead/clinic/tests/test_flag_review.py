"""Marking a flag reviewed from the patient page: who may, what they see after."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import dateformat

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.models import ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.flags.models import Flag
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


@pytest.fixture
def crisis(casey_in_program, program, patient_pat):
    """Pat, on Casey's care team in a Chicago program, reported self-harm thoughts."""
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    enrollment = enroll(patient_pat, casey_in_program, program)
    day = checkin(patient_pat, self_harm_thoughts=True).day
    return enrollment, patient_pat.flags.get(kind="crisis"), day


def _review_url(enrollment, flag) -> str:
    return reverse("clinic:flag_review", args=[enrollment.public_id, flag.public_id])


def test_casey_marks_the_crisis_reviewed_and_sees_who_and_when(
    client, casey_in_program, crisis, patient_pat
):
    enrollment, flag, _day = crisis
    client.force_login(casey_in_program)
    detail = reverse("clinic:patient_detail", args=[enrollment.public_id])
    page = client.get(detail).content.decode()
    # The evidence: the check-in's day, linked to its own row in the table below.
    checkin_id = patient_pat.checkins.get().public_id
    assert f'href="#checkin-{checkin_id}"' in page
    assert f'id="checkin-{checkin_id}"' in page
    assert "Mark reviewed" in page

    response = client.post(_review_url(enrollment, flag), {"note": "Phoned Pat."})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "“Crisis” marked reviewed." in page
    assert "Mark reviewed" not in page
    assert "Phoned Pat." in page
    flag.refresh_from_db()
    chicago = flag.reviewed_at.astimezone(ZoneInfo("America/Chicago"))
    when = dateformat.format(chicago, "j M Y, g:i A")
    assert f"Reviewed by Casey on {when}" in page
    assert "Central (Chicago) time" in page
    event = assert_audited(
        action=AuditAction.FLAG_REVIEWED,
        actor=casey_in_program,
        patient=flag.patient,
        subject=flag,
    )
    assert "Phoned" not in str(event.extra)  # no note text in the audit trail
    caseload = client.get(reverse("clinic:caseload")).content.decode()
    assert 'class="tag tag--reviewed">reviewed</span>' in caseload


def test_a_note_over_1000_characters_is_a_form_error_and_nothing_is_saved(
    client, casey_in_program, crisis
):
    enrollment, flag, _ = crisis
    client.force_login(casey_in_program)
    response = client.post(_review_url(enrollment, flag), {"note": "x" * 1001})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value has at most 1000 characters (it has 1001)." in page
    assert "Mark reviewed" in page  # the form is still there to fix
    flag.refresh_from_db()
    assert flag.reviewed_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.FLAG_REVIEWED).exists()


def test_another_patients_flag_under_pats_address_is_not_found(
    client, casey_in_program, program, crisis, patient_pia
):
    enrollment, _, _ = crisis
    enroll(patient_pia, casey_in_program, program)
    checkin(patient_pia, self_harm_thoughts=True)
    pias = patient_pia.flags.get(kind="crisis")
    client.force_login(casey_in_program)
    assert client.post(_review_url(enrollment, pias)).status_code == 404
    assert Flag.objects.get(pk=pias.pk).reviewed_at is None


def test_only_a_clinician_on_the_care_team_may_mark_it(
    client, crisis, clinician_olive, clinician_oscar, patient_pat, supporter_sam
):
    enrollment, flag, _ = crisis
    url = _review_url(enrollment, flag)
    for outsider in (clinician_olive, clinician_oscar):
        client.force_login(outsider)
        assert client.post(url, {"note": ""}).status_code == 404
    for not_a_clinician in (patient_pat, supporter_sam):
        client.force_login(not_a_clinician)
        assert client.post(url, {"note": ""}).status_code == 403
    flag.refresh_from_db()
    assert flag.reviewed_at is None


def test_the_review_route_takes_only_post(client, casey_in_program, crisis):
    enrollment, flag, _ = crisis
    client.force_login(casey_in_program)
    assert client.get(_review_url(enrollment, flag)).status_code == 405


def test_a_flag_the_patient_no_longer_shares_cannot_be_reviewed(
    client, casey_in_program, crisis, patient_pat
):
    """Check-in flags need the check-in summary: once it is withdrawn, the
    flag is as absent for the team as the check-ins it rests on."""
    enrollment, flag, _ = crisis
    client.force_login(patient_pat)
    client.post(
        reverse("clinic:my_care"),
        {"enrollment": str(enrollment.public_id), "sharing": []},
    )
    client.force_login(casey_in_program)
    assert client.post(_review_url(enrollment, flag)).status_code == 404


def test_a_second_review_never_overwrites_the_first(
    client, casey_in_program, program, crisis
):
    """Two tabs, or two clinicians on the team: the first review and its note
    stand. A double click is taken as done; a later form is told who did it."""
    enrollment, flag, _ = crisis
    cleo = make_user("cleo@clinic.example.org", Role.CLINICIAN, "Cleo")
    ProgramMembership.objects.create(program=program, clinician=cleo)
    enrollment.care_team.add(cleo)
    url = _review_url(enrollment, flag)
    client.force_login(casey_in_program)
    assert client.post(url, {"note": "Phoned Pat."}).status_code == 302
    assert client.post(url, {"note": "Phoned Pat."}).status_code == 302
    client.force_login(cleo)
    response = client.post(url, {"note": "Texted."})
    assert response.status_code == 400
    assert "Casey already marked it reviewed" in response.content.decode()
    flag.refresh_from_db()
    assert (flag.reviewed_by, flag.review_note) == (casey_in_program, "Phoned Pat.")
    assert AuditEvent.objects.filter(action=AuditAction.FLAG_REVIEWED).count() == 1


def test_a_flag_cleared_since_the_page_was_shown_says_so(
    client, casey_in_program, crisis
):
    enrollment, flag, _ = crisis
    Flag.objects.filter(pk=flag.pk).update(cleared_at=flag.raised_at)
    client.force_login(casey_in_program)
    response = client.post(_review_url(enrollment, flag), {"note": "Phoned Pat."})
    assert response.status_code == 400
    assert "This flag has already cleared." in response.content.decode()


def _evidence_of(page: str, label: str) -> str:
    """The text of the flag card headed `label` on the patient page."""
    card = re.search(
        rf'<li class="flag-item"[^>]*>\s*<h3><span class="flag[^"]*">{label}</span>'
        r"(.*?)</li>\s*(?:<li class=\"flag-item\"|</ul>\s*</section>)",
        page,
        re.S,
    )
    assert card, f"no {label} card"
    return card.group(1)


def _at(checkin, hour: int, minute: int):
    """Say `checkin` was filled in at hour:minute, Chicago time, on its day."""
    made = datetime.combine(
        checkin.day, time(hour, minute), tzinfo=ZoneInfo("America/Chicago")
    )
    type(checkin).objects.filter(pk=checkin.pk).update(recorded_at=made)
    return checkin


def test_each_piece_of_evidence_links_to_its_own_checkin_with_its_time_and_answer(
    client, casey_in_program, program, patient_pat
):
    """Four check-ins one evening, the second with self-harm thoughts: the
    crisis card names that one, at 9:26 PM, and links to its own row."""
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    enrollment = enroll(patient_pat, casey_in_program, program)
    first = _at(checkin(patient_pat, craving=1), 21, 25)
    worrying = _at(checkin(patient_pat, self_harm_thoughts=True), 21, 26)
    _at(checkin(patient_pat, used_ketamine=True), 21, 29)
    last = _at(checkin(patient_pat, craving=3), 21, 31)
    client.force_login(casey_in_program)
    page = client.get(
        reverse("clinic:patient_detail", args=[enrollment.public_id])
    ).content.decode()

    crisis = _evidence_of(page, "Crisis")
    day = worrying.day
    assert (
        f'<a href="#checkin-{worrying.public_id}">Check-in, {day:%-d %b %Y}, ' in crisis
    )
    assert ">9:26 PM</time></a> — <strong>Self-harm thoughts: yes</strong>" in crisis
    assert str(first.public_id) not in crisis
    assert str(last.public_id) not in crisis
    lapse = _evidence_of(page, "Lapse")
    assert ">9:29 PM</time></a> — <strong>Used ketamine: yes</strong>" in lapse
    # Every row of the table has its own anchor, and says its time of day.
    rows = re.findall(r'<tr id="checkin-([0-9a-f-]+)">(.*?)</tr>', page, re.S)
    assert len({row_id for row_id, _ in rows}) == 4
    row = dict(rows)[str(worrying.public_id)]
    assert "9:26 PM" in row
    assert 'data-label="Self-harm thoughts"><strong>Yes' in row
    assert "Times are Central (Chicago) time." in page


def test_several_checkins_of_one_day_are_one_line_with_each_time_linked(
    client, casey_in_program, program, patient_pat
):
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    enrollment = enroll(patient_pat, casey_in_program, program)
    made = [
        _at(checkin(patient_pat, self_harm_thoughts=True), 21, minute)
        for minute in (31, 25, 26)
    ]
    client.force_login(casey_in_program)
    page = client.get(
        reverse("clinic:patient_detail", args=[enrollment.public_id])
    ).content.decode()

    crisis = _evidence_of(page, "Crisis")
    assert (
        f"3 check-ins on {made[0].day:%-d %b %Y} — "
        "<strong>Self-harm thoughts: yes</strong> in each:" in crisis
    )
    links = re.findall(r'<a href="#checkin-([0-9a-f-]+)"><time[^>]*>([^<]+)<', crisis)
    # Earliest first, each to its own check-in.
    assert links == [
        (str(made[1].public_id), "9:25 PM"),
        (str(made[2].public_id), "9:26 PM"),
        (str(made[0].public_id), "9:31 PM"),
    ]
