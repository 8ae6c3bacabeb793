"""Journeys: a counsellor with a full caseload and ten minutes between
sessions finds who needs them, at a 1366x900 desk and on a phone.

At the desk the caseload is a dense table across the screen (at least 12
patients without scrolling); on a phone each patient is a card and nothing
runs off the side. Search, order and the review filter work in both.
"""

import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic import records
from clearhead.clinic.models import ContactLog
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.flags import services as flag_services
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in

DESK = {"width": 1366, "height": 900}
SHOTS = Path("/tmp/shots-caseload")  # noqa: S108

# Twenty patients, as a counsellor's list looks: long names, accents, a few
# chart numbers, quiet ones and flagged ones.
NAMES = (
    "Abel Okafor",
    "Alexandrina Montgomery-Fitzgerald",
    "Bea Lindqvist",
    "Carlos Mendoza",
    "Dana Whitfield",
    "Élodie Durand",
    "Farah Haddad",
    "Gus Pelletier",
    "Hana Sato",
    "Ivan Petrov",
    "Jo Brennan",
    "Kemal Aydin",
    "Lena Novak",
    "Marcus Oyelaran",
    "Nia Castellanos",
    "Omar Saleh",
    "Priya Raman",
    "Quinn Abernathy",
    "Rosa Delgado",
    "Sven Halvorsen",
)


def _full_caseload():
    """Casey's caseload of twenty; returns {name: patient}.

    Élodie reported self-harm thoughts (a crisis awaiting review); Bea's
    crisis is reviewed; Carlos and Dana had high cravings, Carlos thoughts
    of self-harm too; Lena's positive drug test is reviewed, her missed
    check-ins not; Gus never checked in; Jo shares nothing; the rest
    checked in one to nine days ago. Casey reached every patient but Omar
    and Sven, Abel most lately. The widest cells are there too: a long
    name, "Intensive outpatient", an appointment.
    """
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey Rivers")
    ProgramMembership.objects.create(program=program, clinician=casey)
    people = {}
    for n, name in enumerate(NAMES):
        patient = make_user(f"p{n}@example.org", Role.PATIENT, name)
        onboard(patient, days_ago=20 + n)
        enrollment = enroll(
            patient, casey, program, **({"sharing": []} if name == "Jo Brennan" else {})
        )
        if n % 3 == 0:
            records.chart_number_set(
                actor=casey, enrollment=enrollment, chart_number=f"RB-{1040 + n}"
            )
        people[name] = patient
        if name not in ("Gus Pelletier", "Jo Brennan"):
            checkin(patient, days_ago=1 + n % 9, craving=2)
        if name not in ("Omar Saleh", "Sven Halvorsen"):
            ContactLog.objects.create(
                enrollment=enrollment,
                clinician=casey,
                kind="call",
                at=clock.now() - timedelta(days=2 + n, hours=n),
            )
    checkin(people["Élodie Durand"], self_harm_thoughts=True)
    checkin(people["Bea Lindqvist"], self_harm_thoughts=True)
    for name in ("Carlos Mendoza", "Dana Whitfield"):
        checkin(people[name], days_ago=1, craving=8)
        checkin(people[name], craving=9)
    checkin(people["Carlos Mendoza"], self_harm_thoughts=True)
    lena = people["Lena Novak"].enrollments.get()
    records.drug_test_record(
        actor=casey,
        enrollment=lena,
        collected_on=clock.today_in(program.time_zone) - timedelta(days=2),
        specimen="urine",
        method="point_of_care",
        results={"ketamine": "positive"},
    )
    for name, kind in (
        ("Bea Lindqvist", "crisis"),
        ("Lena Novak", "positive_drug_test"),
    ):
        flag_services.flag_review(
            actor=casey, flag=people[name].flags.get(kind=kind), note="Called."
        )
    long_name = people["Alexandrina Montgomery-Fitzgerald"].enrollments.get()
    long_name.level_of_care = "intensive_outpatient"
    long_name.save(update_fields=["level_of_care"])
    records.appointment_save(
        actor=casey,
        enrollment=long_name,
        kind="individual",
        starts_on=clock.today_in(program.time_zone) + timedelta(days=3),
        start_time=time(10, 30),
    )
    return people


def _rows_in_view(page) -> int:
    """Table rows of patients wholly inside the window, without scrolling."""
    return page.evaluate(
        """() => [...document.querySelectorAll("table.caseload tbody tr")]
            .filter(r => { const b = r.getBoundingClientRect();
                           return b.top >= 0 && b.bottom <= innerHeight; }).length"""
    )


def _sideways_scroll(page) -> int:
    """How far the page can scroll sideways (0: everything fits)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _names(page) -> list[str]:
    page.wait_for_load_state("load")
    return _name_links(page).all_inner_texts()


def _name_links(page):
    return page.locator("table.caseload tbody th[scope=row] a")


@pytest.fixture
def viewport():
    return DESK


def test_at_a_desk_the_caseload_shows_a_dozen_patients_and_finds_one(
    page, live_server, axe_check, request_log
):
    _full_caseload()
    SHOTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    page.screenshot(path=SHOTS / "desk.png")
    assert _rows_in_view(page) >= 12
    assert _sideways_scroll(page) == 0
    # The crisis awaiting review first, the reviewed one after the flags
    # that still wait; each says which it is.
    names = _names(page)
    assert set(names[:2]) == {"Carlos Mendoza", "Élodie Durand"}
    assert names.index("Bea Lindqvist") > names.index("Dana Whitfield")

    def flags_of(name):
        return page.get_by_role("row", name=name).get_by_role("cell").first

    expect(flags_of("Élodie Durand")).to_have_text("Crisis needs review")
    expect(flags_of("Carlos Mendoza")).to_have_text("Crisis High craving needs review")
    expect(flags_of("Bea Lindqvist")).to_have_text("Crisis reviewed")
    expect(flags_of("Lena Novak")).to_have_text(
        "Missed check-ins needs review Positive drug test reviewed"
    )
    expect(page.get_by_role("row", name="Abel Okafor")).to_contain_text("Chart RB-1040")
    axe_check(page)

    # Search ignores case and accents.
    page.get_by_label("Name or chart number").fill("elodie")
    page.get_by_role("button", name="Show patients").click()
    expect(_name_links(page)).to_have_text(["Élodie Durand"])
    expect(page.get_by_text("1 of 20 patients shown.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Name or chart number").fill("rb-1043")
    page.get_by_role("button", name="Show patients").click()
    expect(_name_links(page)).to_have_text(["Carlos Mendoza"])

    # Who has gone quiet longest: never checked in first, not sharing last.
    page.get_by_role("link", name="Show everyone").first.click()
    page.get_by_label("Order", exact=True).select_option(
        label="Longest since last check-in"
    )
    page.get_by_role("button", name="Show patients").click()
    expect(page.get_by_label("Order", exact=True)).to_have_value("last_checkin")
    names = _names(page)
    assert names[0] == "Gus Pelletier"
    assert names[-1] == "Jo Brennan"
    page.screenshot(path=SHOTS / "desk-last-checkin.png")
    axe_check(page)

    # Only flags no one has reviewed yet: Bea's reviewed crisis drops out,
    # and the order chosen stays.
    page.get_by_label("Flag review").select_option(label="Needs review")
    page.get_by_role("button", name="Show patients").click()
    expect(page.get_by_text("of 20 patients shown.")).to_be_visible()
    names = _names(page)
    assert {"Élodie Durand", "Carlos Mendoza", "Dana Whitfield"} <= set(names)
    assert "Bea Lindqvist" not in names
    assert "Abel Okafor" not in names  # checked in yesterday: no flag
    expect(page.get_by_label("Order", exact=True)).to_have_value("last_checkin")
    # A flag's link keeps the rest of the choices.
    page.get_by_role(
        "link", name=re.compile(r"^Crisis ?: 2 awaiting review, 1 reviewed$")
    ).click()
    expect(page.get_by_text("2 of 20 patients shown.")).to_be_visible()
    assert set(_names(page)) == {"Carlos Mendoza", "Élodie Durand"}
    expect(page.locator("caption")).to_contain_text(
        "Patients with the flag “Crisis” (needs review), longest since last check-in"
    )
    axe_check(page)
    assert request_log.foreign() == []


def test_on_a_phone_each_patient_is_a_card_that_fits(browser, live_server, axe_check):
    _full_caseload()
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(8_000)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    page.screenshot(path=SHOTS / "phone.png")
    page.screenshot(path=SHOTS / "phone-full.png", full_page=True)
    assert _sideways_scroll(page) == 0
    card = page.get_by_role("row", name="Élodie Durand")
    for label in ("Flags", "Sober days", "Last check-in", "Last contact"):
        cell = card.get_by_role("cell", name=f"{label}:")
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    expect(card).to_contain_text("Crisis needs review")
    axe_check(page)

    # Who has no one reached yet: Omar and Sven, then the longest ago.
    page.get_by_label("Order", exact=True).select_option(
        label="Longest since last contact"
    )
    page.get_by_role("button", name="Show patients").click()
    expect(page.get_by_label("Order", exact=True)).to_have_value("last_contact")
    names = _names(page)
    assert set(names[:2]) == {"Omar Saleh", "Sven Halvorsen"}
    assert names[-1] == "Abel Okafor"
    expect(
        page.get_by_role("row", name="Omar Saleh").get_by_role(
            "cell", name="Last contact: None logged"
        )
    ).to_be_visible()
    page.screenshot(path=SHOTS / "phone-last-contact.png")

    page.get_by_label("Name or chart number").fill("sven")
    page.get_by_role("button", name="Show patients").click()
    expect(_name_links(page)).to_have_text(["Sven Halvorsen"])
    assert _sideways_scroll(page) == 0
    axe_check(page)
