"""Journey: the body tracker on a phone (390x844): two weekly checks a week
apart, the trend chart, a red flag's advice, and the letter for the doctor,
which prints (a PDF with print media) with the symptoms in it."""

import os
import re
import zlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery import services
from clearhead.recovery.models import BODY_CHECK_SYMPTOMS, BODY_CHECK_WARNING_SIGNS
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in

SHOTS = os.environ.get("CLEARHEAD_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


QUESTIONS = (
    "Needing to pee more often than you used to",
    "Waking up in the night to pee",
    "A sudden need to pee that is hard to hold on to",
    "Pain low in your belly (bladder), or when you pee",
    "Blood in your pee (it looks pink, red or brown)",
    "Leaking pee before you get to a toilet",
    "Stomach pain or cramps (“K-cramps”)",
    "Forgetting things, or finding it hard to think clearly",
)
SIGNS = (
    "Did you need to pee but could not, or only a few drops came out?",
    "Did you have a fever, chills or shivering?",
    "Did you have pain in your side or lower back, below the ribs?",
)


def answer(page, answers: dict[str, str], signs: dict[str, str] | None = None):
    for question in QUESTIONS:
        page.get_by_role("group", name=question).get_by_label(
            answers.get(question, "Not at all"), exact=True
        ).check()
    for sign in SIGNS:
        page.get_by_role("group", name=sign).get_by_label(
            (signs or {}).get(sign, "No"), exact=True
        ).check()


# --- The words of a PDF, without a PDF library ----------------------------------


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """{number: (dictionary, decoded stream)} of every object of the file."""
    objects = {}
    for match in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S):
        body = match.group(2)
        head, _, rest = body.partition(b"stream")
        stream = b""
        if rest:
            raw = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            stream = zlib.decompress(raw) if b"FlateDecode" in head else raw
        objects[int(match.group(1))] = (head, stream)
    return objects


def _cmap(stream: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(first + n)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """The text drawn on the pages of a PDF Chromium printed (its fonts are
    Identity-H with a ToUnicode map): enough to check what a letter says."""
    objects = _objects(pdf)
    maps = {}
    for number, (head, _) in objects.items():
        found = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if found:
            maps[number] = _cmap(objects[int(found.group(1))][1])
    text = []
    for head, _ in objects.values():
        if b"/Type /Page" not in head or b"/Type /Pages" in head:
            continue
        fonts = dict(re.findall(rb"/(F\d+) (\d+) 0 R", head))
        resources = re.search(rb"/Resources (\d+) 0 R", head)
        if resources:
            fonts |= dict(
                re.findall(rb"/(F\d+) (\d+) 0 R", objects[int(resources.group(1))][0])
            )
        contents = re.search(rb"/Contents (\d+) 0 R", head)
        stream = objects[int(contents.group(1))][1]
        font = {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]+)>|\bET\b", stream):
            if token.group(1):
                font = maps.get(int(fonts.get(token.group(1), 0)), {})
            elif token.group(2):
                hexes = token.group(2).decode()
                text.append(
                    "".join(
                        font.get(int(hexes[i : i + 4], 16), "")
                        for i in range(0, len(hexes), 4)
                    )
                )
            else:
                text.append(" ")
    return "".join(text)


# --- The journey ---------------------------------------------------------------------


def test_two_weekly_checks_a_chart_a_red_flag_and_a_letter_that_prints(
    page, live_server, axe_check, pin_clock
):
    first_week = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    pin_clock(first_week)
    user = make_user("bo@example.org")
    onboard(user, days_ago=3)
    sign_in(page, live_server.url, "bo@example.org")

    # Week 1: bladder trouble, no red flag.
    page.get_by_role("link", name="Do my weekly body check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weekly body check")
    axe_check(page)
    answer(
        page,
        {
            QUESTIONS[0]: "A lot",
            QUESTIONS[1]: "Quite a bit",
            QUESTIONS[3]: "Quite a bit",
            QUESTIONS[6]: "A little",
        },
    )
    page.get_by_role("button", name="Save my body check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Book a visit with a doctor"
    )
    axe_check(page)

    # Week 2, a week later on both clocks: blood in the pee is a red flag.
    later = time_machine.travel(first_week + timedelta(days=7), tick=True)
    later.start()
    try:
        page.clock.set_system_time(first_week + timedelta(days=7))
        page.goto(live_server.url + "/recovery/body/check/")
        if "/sign-in/" in page.url:
            sign_in(page, live_server.url, "bo@example.org")
            page.goto(live_server.url + "/recovery/body/check/")
        answer(page, {QUESTIONS[0]: "Quite a bit", QUESTIONS[4]: "A little"})
        page.get_by_role("button", name="Save my body check").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("See a doctor today")
        expect(alert).to_contain_text("Tell the doctor that you have used ketamine.")
        expect(page.get_by_role("heading", name="When to get help")).to_be_visible()
        axe_check(page)
        shot(page, "body_result")

        # The trend: two checks on the chart, days without ketamine beside them.
        page.get_by_role("link", name="See my trend").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My body tracker")
        chart = page.locator("#chart-body-bladder-title")
        expect(chart).to_be_visible()
        expect(page.locator(".chart__summary").first).to_contain_text("2 values")
        rows = page.locator("table.body-history tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("10")  # days without ketamine
        expect(page.get_by_text("Reviewed 2 December 2026.")).to_be_visible()
        axe_check(page)
        shot(page, "body_tracker")

        # The letter: symptoms only, until the patient ticks more.
        page.get_by_role("link", name="Make a letter for my doctor").click()
        letter = page.locator("article.letter")
        expect(letter).to_contain_text("Stomach pain or cramps")
        expect(letter).not_to_contain_text("ketamine")
        page.get_by_label("Say that I have used ketamine").check()
        page.get_by_label(
            "The day I stopped and how many days I have been without ketamine"
        ).check()
        page.get_by_role("button", name="Update the letter").click()
        expect(letter).to_contain_text("I have used ketamine")
        expect(letter).to_contain_text("days without ketamine")
        expect(page.get_by_role("button", name="Print the letter")).to_be_visible()
        axe_check(page)
        shot(page, "body_letter")

        page.emulate_media(media="print")
        expect(page.locator(".letter-choices")).to_be_hidden()
        expect(letter).to_be_visible()
        pdf = page.pdf(format="A4")
        page.emulate_media(media="screen")
    finally:
        later.stop()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for words in (
        "About my symptoms",
        "Blood in pee",
        "Stomach pain (K-cramps)",
        "I have used ketamine",
        "An ultrasound scan of the kidneys and bladder",
    ):
        assert words in text, words
    assert "Also put in the letter" not in text


def test_the_clinician_sees_the_checks_the_patient_shares(page, live_server, axe_check):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("lee@example.org")
    onboard(pat)
    services.body_check_save(
        actor=pat,
        **dict.fromkeys(BODY_CHECK_SYMPTOMS, 1),
        **dict.fromkeys(BODY_CHECK_WARNING_SIGNS, False),
    )
    enrollment = enroll(pat, casey, program, ["checkin_summary", "body_symptoms"])
    sign_in(page, live_server.url, casey.email)
    page.goto(f"{live_server.url}/clinic/patients/{enrollment.public_id}/")
    section = page.get_by_role("region", name="Weekly body checks")
    expect(section).to_contain_text("Red-flag answers")
    expect(page.locator("#chart-body-bladder-title")).to_be_visible()
    axe_check(page)
    shot(page, "body_clinic")
