"""Importing the formats the field publishes: idempotent, honest, never fatal."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clearhead.directory.models import Facility, Meeting

FIXTURES = Path(__file__).parent / "fixtures"


def run(command, *args):
    """Run an import command; a test names the feed only when it matters."""
    if command.startswith("import-") and "--feed" not in args:
        args = (*args, "--feed", "test")
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_samhsa_export_imports_with_our_codes_and_reports_bad_rows(db):
    out, err = run(
        "import-facilities",
        str(FIXTURES / "samhsa_export.json"),
        "--updated",
        "2026-10-01",
    )
    assert "Facilities: 2 created, 0 updated, 0 unchanged, 0 retired, 2 skipped." in out
    assert (
        "row 3: skipped: no usable coordinates, and no ZIP code or city and "
        "state to place it by [No Coordinates Clinic, id BAD-0003]" in err
    )
    assert "row 4: skipped: no facility name (name1)" in err
    riverbend = Facility.objects.get(source_id="RB-0001-EXAMPLE")
    assert riverbend.levels == ["intensive_outpatient", "outpatient"]
    assert riverbend.services == ["detox"]
    assert riverbend.payments == [
        "medicaid",
        "medicare",
        "private_insurance",
        "sliding_fee",
        "self_pay",
    ]
    assert riverbend.languages == ["spanish", "asl"]
    assert riverbend.populations == ["young_adults", "trauma"]
    assert riverbend.zip_code == "62704"
    assert riverbend.website == "https://www.example.org/riverbend"
    assert riverbend.intake_phone == "217-555-0199"
    assert f"{riverbend.confirmed_at:%Y-%m-%d}" == "2026-10-01"
    # Labels without a mapping are kept, not dropped; deliberately ignored
    # ones ("Substance use treatment", the FOP category) are not kept.
    assert riverbend.unmapped == {"PAY": ["IHS/Tribal/Urban (ITU) funds"]}
    lakeview = Facility.objects.get(source_id="LK-0002-EXAMPLE")
    assert lakeview.levels == ["residential"]
    assert lakeview.services == ["detox", "mental_health"]
    assert lakeview.payments == ["private_insurance", "military"]


def test_importing_the_same_file_twice_gives_the_same_rows(db):
    path = str(FIXTURES / "samhsa_export.json")
    run("import-facilities", path, "--updated", "2026-10-01")
    before = list(Facility.objects.order_by("pk").values())
    out, _ = run("import-facilities", path, "--updated", "2026-10-01")
    assert "0 created, 0 updated, 2 unchanged, 0 retired, 2 skipped" in out
    assert list(Facility.objects.order_by("pk").values()) == before


def test_a_changed_row_is_updated_in_place(db, tmp_path):
    data = json.loads((FIXTURES / "samhsa_export.json").read_text())
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    run("import-facilities", str(path))
    data["rows"][0]["phone"] = "217-555-0000"
    path.write_text(json.dumps(data["rows"]))  # a plain list of rows works too
    out, _ = run("import-facilities", str(path))
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Facility.objects.get(source_id="RB-0001-EXAMPLE").phone == "217-555-0000"


def test_strict_turns_a_skipped_row_into_a_failure(db):
    with pytest.raises(CommandError, match="2 rows were skipped"):
        run("import-facilities", str(FIXTURES / "samhsa_export.json"), "--strict")
    assert Facility.objects.count() == 2  # the good rows are still saved


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"unexpected": true}', "not a SAMHSA locator export"),
        ('[{"meeting": 1}]', "not a SAMHSA locator export"),
        ("this is not json", "not JSON"),
    ],
)
def test_a_file_in_another_format_fails_at_once_with_one_line(
    db, tmp_path, content, message
):
    path = tmp_path / "wrong.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run("import-facilities", str(path))


def test_a_missing_file_is_named(db):
    with pytest.raises(CommandError, match="cannot read the file"):
        run("import-facilities", "/no/such/file.json")


def test_a_meeting_guide_feed_imports_and_is_idempotent(db):
    path = str(FIXTURES / "meeting_guide.json")
    out, err = run("import-meetings", path)
    assert "Meetings: 3 created, 0 updated, 0 unchanged, 0 retired, 3 skipped." in out
    assert "row 4: skipped: a meeting needs both a name and a slug" in err
    assert "row 5: skipped: day 9 is not a day (0-6 or a name) [Bad Day" in err
    assert "row 6: skipped: time 'half past seven' is not a time of day" in err
    clear_mind = Meeting.objects.get(source_id="clear-mind-tuesday")
    assert clear_mind.days == [2]
    assert clear_mind.attendance == "hybrid"
    assert clear_mind.fellowship == "aa"
    assert str(clear_mind.start_time) == "19:00:00"
    weekend = Meeting.objects.get(source_id="42")
    assert weekend.days == [0, 6]
    assert weekend.types == ["C", "W", "ST", "X", "CUSTOM"]  # unknown types kept
    phone = Meeting.objects.get(source_id="phone-morning")
    assert phone.attendance == "online"
    assert "ONL" not in phone.types
    out, _ = run("import-meetings", path)
    assert "0 created, 0 updated, 3 unchanged" in out


def test_a_bmlt_response_is_detected_and_days_shift_to_sunday_zero(db):
    out, err = run("import-meetings", str(FIXTURES / "bmlt.json"))
    assert "Meetings: 2 created" in out
    assert "row 3: skipped: weekday_tinyint is not 1-7" in err
    jft = Meeting.objects.get(source_id="4711")
    assert jft.days == [2]  # BMLT 3 = Tuesday
    assert jft.fellowship == "na"
    assert jft.attendance == "hybrid"
    assert str(jft.end_time) == "20:00:00"
    sunday = Meeting.objects.get(source_id="4712")
    assert sunday.days == [0]
    assert sunday.attendance == "online"


def test_secular_fellowships_are_first_class(db):
    run(
        "import-meetings", str(FIXTURES / "meeting_guide.json"), "--fellowship", "smart"
    )
    assert set(Meeting.objects.values_list("fellowship", flat=True)) == {"smart"}
    assert all(Meeting.objects.values_list("is_secular", flat=True))


def test_the_demo_directory_is_labelled_and_can_be_removed(db):
    out, _ = run("load-demo-directory")
    assert "Demo facilities: 64 created" in out
    assert all(
        name.startswith("Demo")
        for name in Facility.objects.values_list("name", flat=True)
    )
    assert all(
        name.startswith("Demo")
        for name in Meeting.objects.values_list("name", flat=True)
    )
    run("load-demo-directory", "--if-empty")
    assert Facility.objects.count() == 64
    run("load-demo-directory", "--remove")
    assert not Facility.objects.exists()
    assert not Meeting.objects.exists()


def test_demo_rows_are_never_mixed_silently_with_real_ones(db):
    run("import-facilities", str(FIXTURES / "samhsa_export.json"))
    run("load-demo-directory", "--if-empty")  # real data present: nothing loaded
    assert not Facility.objects.filter(source="demo").exists()


def test_the_documented_mapping_table_matches_the_code():
    from clearhead.directory.vocabulary_doc import markdown

    doc = Path(__file__).resolve().parents[3] / "docs" / "directory-vocabulary.md"
    assert doc.read_text() == markdown(), (
        "Run: python -m clearhead.directory.vocabulary_doc > docs/directory-vocabulary.md"
    )
