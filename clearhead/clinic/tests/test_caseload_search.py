"""Finding patients on the caseload: search, order, the review filter, links
that keep them, odd links, and a cost that does not grow with the caseload."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic import records
from clearhead.clinic.caseload import (
    CaseloadRow,
    matches,
    query_params,
    search_text,
)
from clearhead.clinic.models import ContactLog
from clearhead.clinic.selectors import PAGE_SIZE
from clearhead.clinic.tests.test_caseload import CASELOAD_QUERIES, _patient
from clearhead.clinic.tests.test_clinic import _bulk_caseload, checkin, enroll
from clearhead.core import clock
from clearhead.flags import services as flag_services
from clearhead.testing import make_user

# The tests marked `clock` read the time: `make test` runs them again under
# frozen instants.


def _names(page: str) -> list[str]:
    """The patients listed, top to bottom."""
    return re.findall(
        r'<th scope="row"><a href="/clinic/patients/[^"]+">([^<]+)</a>', page
    )


def _caseload(client, **query) -> str:
    response = client.get(reverse("clinic:caseload"), query)
    assert response.status_code == 200
    return response.content.decode()


def _contact(patient, casey, days_ago: float, kind="call"):
    return ContactLog.objects.create(
        enrollment=patient.enrollments.get(),
        clinician=casey,
        kind=kind,
        at=clock.now() - timedelta(days=days_ago),
    )


def _row(pk, *, shared=True, name="", chart="", flags=()):
    return CaseloadRow(
        enrollment_id=pk,
        patient_id=pk,
        shared=shared,
        name=name,
        chart_number=chart,
        flags=tuple(flags),
    )


def test_search_folds_case_and_accents_on_every_database():
    assert search_text("Élodie ÅSE Straße") == "elodie ase strasse"
    row = _row(1, name="Zoë O'Brien", chart="RB-1042")
    for query in ("zoe", "ZOË", "o'bri", "rb-10", "1042"):
        assert matches(row, search_text(query)), query
    assert not matches(row, search_text("zoey"))


def test_links_leave_out_defaults_and_empty_values():
    query = {"q": "ann", "sort": "urgency", "review": None, "flag": None}
    assert query_params(query) == {"q": "ann"}
    assert query_params(query, flag="crisis", sort="last_contact") == {
        "q": "ann",
        "sort": "last_contact",
        "flag": "crisis",
    }


@pytest.mark.clock
def test_search_finds_names_and_chart_numbers_as_the_page_shows_them(
    client, casey_in_program, clinician_olive, program
):
    elodie = enroll(
        make_user("ed@example.org", Role.PATIENT, "Élodie Durand"),
        casey_in_program,
        program,
    )
    records.chart_number_set(
        actor=casey_in_program, enrollment=elodie, chart_number="RB-1042"
    )
    enroll(
        make_user("es@example.org", Role.PATIENT, "Eli Stone"),
        casey_in_program,
        program,
    )
    unnamed = make_user("quiet.one@example.org", Role.PATIENT)  # shown by e-mail
    enroll(unnamed, casey_in_program, program)
    client.force_login(casey_in_program)

    assert _names(_caseload(client, q="ELODIE")) == ["Élodie Durand"]
    assert _names(_caseload(client, q=" rb-1042 ")) == ["Élodie Durand"]
    assert sorted(_names(_caseload(client, q="el"))) == ["Eli Stone", "Élodie Durand"]
    # An e-mail is searched only where the page shows it (no name given).
    assert _names(_caseload(client, q="example.org")) == ["quiet.one@example.org"]
    page = _caseload(client, q="zz")
    assert _names(page) == []
    assert "No patients match." in page
    assert "0 of 3 patients shown." in page
    assert 'value="zz"' in page  # the search stays in its box

    # Only the patients shown are on the record as seen.
    AuditEvent.objects.all().delete()
    _caseload(client, q="eli stone")
    seen = AuditEvent.objects.filter(action=AuditAction.CASELOAD_VIEWED).exclude(
        patient=None
    )
    assert list(seen.values_list("patient__display_name", flat=True)) == ["Eli Stone"]

    # Another clinician of the program, not on the team, finds no one.
    client.force_login(clinician_olive)
    assert (
        "Élodie"
        not in client.get(reverse("clinic:caseload"), {"q": "elodie"}).content.decode()
    )


@pytest.mark.clock
def test_longest_since_last_check_in_puts_the_silent_first_and_unshared_last(
    client, casey_in_program, program
):
    people = {
        name: _patient(name, casey_in_program, program) for name in ("Ada", "Bo", "Cy")
    }
    checkin(people["Ada"], days_ago=1)
    checkin(people["Bo"], days_ago=6)
    # Di checked in long ago, but shares nothing: the order cannot use it.
    di = make_user("di@example.org", Role.PATIENT, "Di")
    enroll(di, casey_in_program, program, sharing=[])
    checkin(di, days_ago=20)
    client.force_login(casey_in_program)
    page = _caseload(client, sort="last_checkin")
    assert _names(page) == ["Cy", "Bo", "Ada", "Di"]
    assert '<option value="last_checkin" selected>' in page
    assert "Patients who share check-ins and have never checked in come first" in page


@pytest.mark.clock
def test_longest_since_last_contact_puts_the_never_reached_first(
    client, casey_in_program, program
):
    people = {
        name: _patient(name, casey_in_program, program) for name in ("Ada", "Bo", "Cy")
    }
    _contact(people["Ada"], casey_in_program, days_ago=1)
    _contact(people["Bo"], casey_in_program, days_ago=9)
    _contact(people["Bo"], casey_in_program, days_ago=3, kind="no_answer")
    client.force_login(casey_in_program)
    page = _caseload(client, sort="last_contact")
    # Bo's last contact is the unanswered call three days ago.
    assert _names(page) == ["Cy", "Bo", "Ada"]
    cells = dict(
        re.findall(
            r'<th scope="row"><a [^>]+>([^<]+)</a>.*?'
            r'<td data-label="Last contact"[^>]*>(.*?)</td>',
            page,
            flags=re.DOTALL,
        )
    )
    # A clinician reads times in their program's zone (care.time_zones).
    three_days_ago = (clock.now() - timedelta(days=3)).astimezone(
        ZoneInfo(program.time_zone)
    )
    assert f"{three_days_ago:%-d %b}</time>" in cells["Bo"]
    assert "None logged" in cells["Cy"]


@pytest.mark.clock
def test_the_review_filter_shows_who_needs_review_or_is_reviewed(
    client, casey_in_program, program
):
    people = {
        name: _patient(name, casey_in_program, program)
        for name in ("Ana", "Bo", "Cy", "Di")
    }
    for name in ("Ana", "Bo"):
        checkin(people[name], self_harm_thoughts=True)
    checkin(people["Cy"], days_ago=1, craving=8)
    checkin(people["Cy"], craving=9)
    checkin(people["Di"])
    flag_services.flag_review(
        actor=casey_in_program, flag=people["Bo"].flags.get(kind="crisis")
    )
    client.force_login(casey_in_program)
    assert _names(_caseload(client, review="needed")) == ["Ana", "Cy"]
    assert _names(_caseload(client, review="reviewed")) == ["Bo"]
    page = _caseload(client, review="needed", flag="crisis")
    assert _names(page) == ["Ana"]
    assert "Patients with the flag “Crisis” (needs review), most urgent first" in page
    # The flag links keep the filter chosen.
    assert 'href="?review=needed&amp;flag=high_craving"' in page


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "newest"},
        {"review": "maybe"},
        {"flag": "nope", "review": "reviewed"},
        {"q": "x" * 5000},
        {"q": "Patient\x00 1"},
        {"page": "-1", "sort": ["last_contact", "x"]},
    ],
)
def test_odd_search_links_still_show_the_caseload(
    client, casey_in_program, program, query
):
    _bulk_caseload(casey_in_program, program, 8)
    client.force_login(casey_in_program)
    response = client.get(reverse("clinic:caseload"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "8 patients" in page
    assert re.search(r'<option value="\w+" selected>', page)


def test_paging_keeps_the_search_order_and_filters_and_drops_odd_values(
    client, casey_in_program, program
):
    _bulk_caseload(casey_in_program, program, 120, quiet=110)
    client.force_login(casey_in_program)
    page = _caseload(
        client, q="patient", sort="last_contact", flag="missed_checkins", review="odd"
    )
    assert len(_names(page)) == PAGE_SIZE
    assert "50 of 120 patients" not in page
    assert "110 of 120 patients shown." in page
    link = re.search(r'<a href="(\?[^"]+)">Next page</a>', page).group(1)
    assert (
        link == "?q=patient&amp;sort=last_contact&amp;flag=missed_checkins&amp;page=2"
    )
    second = _caseload(
        client, q="patient", sort="last_contact", flag="missed_checkins", page=2
    )
    assert "(page 2 of 3)" in second
    assert not set(_names(second)) & set(_names(page))


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "last_checkin"},
        {"sort": "last_contact"},
        {"q": "patient 1", "review": "needed", "flag": "missed_checkins"},
        {"review": "needed", "sort": "last_checkin"},
        {"flag": "crisis", "sort": "last_contact", "page": "2"},
    ],
)
def test_every_order_and_filter_costs_the_queries_of_the_plain_caseload(
    client, casey_in_program, program, query, size
):
    """Each order picks its page in one ordered, LIMITed query (the last
    check-in or contact as an indexed subquery in it), the filters read
    the stored flags: as many queries as the default order, at 10 patients
    as at 1,000."""
    _bulk_caseload(casey_in_program, program, size, quiet=size // 2, crisis=size - 1)
    for enrollment in casey_in_program.caseload.all()[:30]:
        ContactLog.objects.create(
            enrollment=enrollment, clinician=casey_in_program, kind="call"
        )
    client.force_login(casey_in_program)
    client.get(reverse("clinic:caseload"), query)  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        page = _caseload(client, **query)
    assert _names(page)
    assert len(captured.captured_queries) == CASELOAD_QUERIES, [
        q["sql"][:80] for q in captured.captured_queries
    ]


def test_a_clinician_in_two_programs_sees_each_patients_program(
    client, casey_in_program, program, patient_pat, patient_pia
):
    """One program: no column repeating its name on every row; two: a column."""
    enroll(patient_pat, casey_in_program, program)
    client.force_login(casey_in_program)
    assert '<th scope="col">Program</th>' not in _caseload(client)
    other = Program.objects.create(name="Lakeside Clinic")
    ProgramMembership.objects.create(program=other, clinician=casey_in_program)
    enroll(patient_pia, casey_in_program, other)
    page = _caseload(client)
    assert '<th scope="col">Program</th>' in page
    cells = dict(
        re.findall(
            r'<th scope="row"><a [^>]+>([^<]+)</a>.*?'
            r'<td data-label="Program">([^<]*)</td>',
            page,
            flags=re.DOTALL,
        )
    )
    assert cells == {"Pat": "Riverbend Recovery", "Pia": "Lakeside Clinic"}
