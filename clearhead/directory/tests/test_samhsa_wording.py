"""FindTreatment.gov's real wording maps to our codes; mental-health-only
programs are kept but out of the addiction finder unless asked for."""

import io
import json

import pytest
from django.core.management import call_command

from clearhead.directory.importers.samhsa import normalise_label
from clearhead.directory.models import Facility
from clearhead.directory.tests.field_data import field_data_dir
from clearhead.directory.vocabulary import (
    SAMHSA_IGNORED_CATEGORIES,
    SAMHSA_IGNORED_LABELS,
    SAMHSA_LABELS,
    VOCABULARIES,
)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def locator_labels(data):
    """(category, label) of every service label in a locator file's rows."""
    rows = data.get("rows") if isinstance(data, dict) else data
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or "name1" not in row:
            continue
        for category in row.get("services") or []:
            for label in (category.get("f3") or "").split(";"):
                if label.strip():
                    yield category.get("f2"), label.strip()


def test_every_facility_label_in_the_field_data_is_mapped_or_ignored():
    folder = field_data_dir()
    missing = set()
    seen = 0
    for path in sorted(folder.glob("**/*.json")):
        for category, label in locator_labels(json.loads(path.read_text())):
            seen += 1
            key = normalise_label(label)
            if category in SAMHSA_IGNORED_CATEGORIES:
                continue
            if key not in SAMHSA_LABELS and key not in SAMHSA_IGNORED_LABELS:
                missing.add(f"{path.name}: {category}: {label}")
    assert seen > 1000  # the locator page is there and was read
    assert not missing, "Map or ignore (with a reason) in vocabulary.py:\n" + "\n".join(
        sorted(missing)
    )


def test_the_tables_are_consistent():
    for label, (kind, code) in SAMHSA_LABELS.items():
        assert label == normalise_label(label), label
        assert code in VOCABULARIES[kind], (label, code)
    assert not set(SAMHSA_LABELS) & set(SAMHSA_IGNORED_LABELS)
    assert all(reason.strip() for reason in SAMHSA_IGNORED_LABELS.values())


def test_the_real_page_gets_our_codes(db, client):
    path = field_data_dir() / "findtreatment___DATA.locations.derived.json"
    out, _ = run("import-facilities", str(path), "--feed", "charlottesville")
    assert "Facilities: 30 created, 0 updated, 0 unchanged, 0 retired, 0 skipped." in (
        out
    )
    assert "had no mapping" not in out

    def having(kind, code):
        return sum(code in getattr(f, kind) for f in Facility.objects.all())

    # As many programs as the page lists with each label.
    assert having("payments", "military") == 22  # Military insurance (e.g., TRICARE)
    assert having("populations", "lgbtq") == 3  # ... (LGBT) clients
    assert having("languages", "asl") == 10  # Services for the deaf and hard of ...
    assert having("services", "group_therapy") >= 14  # Group counseling offered
    assert Facility.objects.filter(services_mask__gt=0).count() == 30
    with_moud = [f.name for f in Facility.objects.all() if "moud" in f.services]
    assert with_moud
    found = client.get("/api/v1/facilities", {"service": "moud"}).json()
    assert found["count"] == len(
        [
            f
            for f in Facility.objects.all()
            if "moud" in f.services and not f.mental_health_only
        ]
    )
    assert Facility.objects.filter(mental_health_only=True).count() == 16


MH_ROW = {
    "frid": "MH-1",
    "name1": "Calm Waters Mental Health Clinic",
    "zip": "62704",
    "city": "Springfield",
    "state": "IL",
    "latitude": "39.78",
    "longitude": "-89.68",
    "typeFacility": "MH",
    "services": [{"f1": "Type of Care", "f2": "TC", "f3": "Mental health treatment"}],
}
SA_ROW = {
    **MH_ROW,
    "frid": "SA-1",
    "name1": "Riverside Addiction Program",
    "typeFacility": "SA",
    "services": [
        {"f1": "Type of Care", "f2": "TC", "f3": "Substance use treatment"},
        {"f1": "Type of Care", "f2": "TC", "f3": "Mental health treatment"},
    ],
}


def test_a_mental_health_only_program_is_kept_but_found_only_when_asked(
    db, client, tmp_path
):
    path = tmp_path / "locator.json"
    path.write_text(json.dumps({"rows": [MH_ROW, SA_ROW]}))
    run("import-facilities", str(path), "--feed", "locator")
    calm = Facility.objects.get(source_id="MH-1")
    assert calm.mental_health_only
    assert calm.services == ["mental_health"]

    def names(**params):
        body = client.get("/api/v1/facilities", {"near": "62704", **params}).json()
        return [row["name"] for row in body["results"]]

    assert names() == ["Riverside Addiction Program"]
    assert names(service="mental_health") == ["Riverside Addiction Program"]
    assert sorted(names(mental_health_care="1")) == [
        "Calm Waters Mental Health Clinic",
        "Riverside Addiction Program",
    ]
    page = client.get("/find/", {"near": "62704"}).content.decode()
    assert "Calm Waters" not in page
    page = client.get("/find/", {"near": "62704", "mental_health_care": "1"})
    text = page.content.decode()
    assert "Calm Waters Mental Health Clinic" in text
    assert "Mental health care only" in text
    detail = client.get(f"/find/{calm.public_id}/").content.decode()
    assert "Mental health care only." in detail


@pytest.mark.parametrize(
    ("label", "kind", "code"),
    [
        ("Military insurance (e.g., TRICARE)", "payment", "military"),
        ("Group counseling offered", "service", "group_therapy"),
        ("Individual psychotherapy", "service", "individual_therapy"),
        (
            "Persons with co-occurring mental and substance use disorders",
            "population",
            "co_occurring",
        ),
        ("Services for the deaf and hard of hearing", "language", "asl"),
        ("Seniors (65 or older)", "population", "seniors"),
        (
            "Lesbian, gay, bisexual, or transgender (LGBT) clients",
            "population",
            "lgbtq",
        ),
        ("Buprenorphine with naloxone  (Suboxone®)", "service", "moud"),
    ],
)
def test_the_issues_examples_map(label, kind, code):
    assert SAMHSA_LABELS[normalise_label(label)] == (kind, code)


def test_without_the_folder_ci_fails_rather_than_skips(monkeypatch, tmp_path):
    from clearhead.directory.tests import field_data

    monkeypatch.setattr(field_data, "FIELD_DATA", tmp_path / "missing")
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        field_data.field_data_dir()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        field_data.field_data_dir()
