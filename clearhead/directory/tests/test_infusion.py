"""Medical ketamine, kept apart: the finder never lists a ketamine-infusion
clinic as addiction treatment (issue 19, capability 5)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from clearhead.directory import services
from clearhead.directory.geo import Place
from clearhead.directory.infusion import PHRASES, infusion_terms
from clearhead.directory.models import Facility, InfusionReview
from clearhead.directory.selectors import FacilityQuery, facility_search
from clearhead.directory.tests.factories import FacilityFactory, FeedFactory
from clearhead.directory.tests.field_data import field_data_dir


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Blue Ridge Ketamine Infusion Center", ["ketamine infusion"]),
        ("KETAMINE INFUSIONS of Virginia", ["ketamine infusion"]),
        ("IV Ketamine for depression", ["IV ketamine"]),
        ("Intravenous ketamine therapy", ["IV ketamine", "ketamine therapy"]),
        ("Esketamine (Spravato) treatment", ["esketamine", "Spravato"]),
        ("SPRAVATO® certified center", ["Spravato"]),
        ("Ketamine-assisted psychotherapy", ["ketamine-assisted therapy"]),
        ("Ketamine  Wellness Centers", ["ketamine clinic"]),
        ("Infusion of ketamine for pain", ["infusion of ketamine"]),
        ("Ketamine IV clinic", ["ketamine IV"]),
    ],
)
def test_names_of_infusion_clinics_are_flagged(text, terms):
    assert infusion_terms([text]) == terms


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine Addiction Treatment Center",
        "Help for ketamine and other drug use",
        "Recovery from ketamine: outpatient counseling",
        "Ketamineinfusion Partners",  # run together: not the words
        "Divine Infusion Church",
        "Valley IV Hydration and Infusion",
        "Spravatorium",
        "",
    ],
)
def test_addiction_treatment_and_other_words_are_not_flagged(text):
    assert infusion_terms([text]) == []


def test_a_phrase_never_spans_two_texts():
    assert infusion_terms(["Valley Ketamine", "Infusion Services"]) == []


@given(
    phrase=st.sampled_from(
        ["ketamine infusion", "IV ketamine", "esketamine", "Spravato"]
    ),
    before=st.text(alphabet="abc .,(", max_size=12),
    after=st.text(alphabet="xyz .,)", max_size=12),
    upper=st.booleans(),
)
def test_a_phrase_as_words_is_found_in_any_case_and_surroundings(
    phrase, before, after, upper
):
    text = phrase.upper() if upper else phrase
    found = infusion_terms([f"{before} {text} {after}"])
    assert found


@given(st.text(alphabet=st.characters(blacklist_characters="kKsS"), max_size=60))
def test_text_without_ketamine_or_spravato_is_never_flagged(text):
    assert infusion_terms([text]) == []


def test_every_phrase_finds_its_own_name():
    for name in PHRASES:
        assert name in infusion_terms([f"The {name} place"]), name


# --- the finder ----------------------------------------------------------

CHARLOTTESVILLE = Place(38.0293, -78.4767, "Charlottesville, VA")
INFUSION_ROW = {
    "frid": "KI-1",
    "name1": "Rivanna Ketamine Infusion Clinic",
    "name2": "IV ketamine and esketamine for depression",
    "street1": "1 Main Street",
    "city": "Charlottesville",
    "state": "VA",
    "zip": "22902",
    "latitude": "38.0300",
    "longitude": "-78.4780",
    "typeFacility": "SA",
    "services": [
        {"f1": "Type of Care", "f2": "TC", "f3": "Substance use treatment"},
        {"f1": "Treatment Approaches", "f2": "TAP", "f3": "Ketamine infusion"},
    ],
}


def _feed_with_infusion_clinic() -> dict:
    path = field_data_dir() / "findtreatment___DATA.locations.derived.json"
    data = json.loads(path.read_bytes())
    data["rows"].append(INFUSION_ROW)
    return data


def _names(page) -> list[str]:
    return [row.name for row, _ in page.results]


def test_an_imported_infusion_clinic_is_flagged_and_never_in_the_finder(
    db, client, tmp_path
):
    file = tmp_path / "charlottesville.json"
    file.write_text(json.dumps(_feed_with_infusion_clinic()))
    out = StringIO()
    call_command("import-facilities", str(file), "--feed", "cville", stdout=out)
    report = out.getvalue()
    assert "Facilities: 31 created" in report
    assert "1 listings flagged as likely ketamine infusion clinics" in report
    assert "1 in this feed await review" in report

    clinic = Facility.all_objects.get(source_id="KI-1")
    assert clinic.infusion_review == InfusionReview.FLAGGED
    assert clinic.infusion_terms == [
        "ketamine infusion",
        "IV ketamine",
        "esketamine",
    ]
    # Near its ZIP: the real programs, never the clinic (nor on its page,
    # the API or with every filter).
    page = facility_search(FacilityQuery(place=CHARLOTTESVILLE, limit=100))
    assert page.count == 30 - Facility.objects.filter(mental_health_only=True).count()
    assert clinic.name not in _names(page)
    html = client.get(
        "/find/", {"near": "22902", "radius_miles": "100"}
    ).content.decode()
    assert "Rivanna" not in html
    api = client.get(
        "/api/v1/facilities", {"near": "22902", "limit": 100, "radius_miles": 100}
    ).json()
    assert all(row["name"] != clinic.name for row in api["results"])
    assert client.get(f"/find/{clinic.public_id}/").status_code == 404
    everything = facility_search(
        FacilityQuery(place=CHARLOTTESVILLE, mental_health_care=True, limit=100)
    )
    assert clinic.name not in _names(everything)

    # Importing again neither flags it twice nor undoes an operator's review.
    services.infusion_review_set(
        Facility.all_objects.filter(pk=clinic.pk), InfusionReview.INFUSION
    )
    again = StringIO()
    call_command("import-facilities", str(file), "--feed", "cville", stdout=again)
    assert "flagged as likely" not in again.getvalue()
    clinic.refresh_from_db()
    assert clinic.infusion_review == InfusionReview.INFUSION
    page = facility_search(FacilityQuery(place=CHARLOTTESVILLE, limit=100))
    assert clinic.name not in _names(page)


def test_an_operator_may_list_a_flagged_program_again(db):
    feed = FeedFactory()
    program = FacilityFactory(
        feed=feed,
        name="Esketamine Clinic",
        infusion_review=InfusionReview.FLAGGED,
        infusion_terms=["esketamine"],
    )
    FacilityFactory(feed=feed, name="Springfield Recovery")
    here = Place(39.80, -89.65, "Springfield, IL")
    assert _names(facility_search(FacilityQuery(place=here))) == [
        "Springfield Recovery"
    ]
    out = StringIO()
    call_command("review-infusion", "--list", stdout=out)
    assert str(program.public_id) in out.getvalue()
    assert "esketamine" in out.getvalue()  # the phrase that flagged it
    call_command(
        "review-infusion", "--not-infusion", str(program.public_id), stdout=out
    )
    assert _names(facility_search(FacilityQuery(place=here))) == [
        "Esketamine Clinic",
        "Springfield Recovery",
    ]
    call_command("review-infusion", "--infusion", str(program.public_id), stdout=out)
    assert _names(facility_search(FacilityQuery(place=here))) == [
        "Springfield Recovery"
    ]


def test_review_infusion_names_ids_it_cannot_find(db):
    with pytest.raises(CommandError, match="No facility"):
        call_command(
            "review-infusion", "--infusion", "00000000-0000-0000-0000-000000000000"
        )
    with pytest.raises(CommandError, match="not a listing"):
        call_command("review-infusion", "--infusion", "banana")


def test_the_admin_actions_mark_listings(db, admin_client):
    program = FacilityFactory(infusion_review=InfusionReview.FLAGGED)
    response = admin_client.post(
        "/admin/directory/facility/",
        {"action": "mark_infusion", "_selected_action": [program.pk]},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.infusion_review == InfusionReview.INFUSION
    admin_client.post(
        "/admin/directory/facility/",
        {"action": "mark_not_infusion", "_selected_action": [program.pk]},
    )
    program.refresh_from_db()
    assert program.infusion_review == InfusionReview.NOT_INFUSION
    listing = admin_client.get("/admin/directory/facility/?infusion_review=flagged")
    assert listing.status_code == 200


def test_the_finder_says_infusion_clinics_are_not_listed_and_links_the_article(
    client, db
):
    FacilityFactory(name="Springfield Recovery")
    page = client.get("/find/", {"near": "62701"}).content.decode()
    assert "not addiction treatment" in page
    assert 'href="/learn/worried-about-ketamine-treatment/"' in page
    spanish = client.get(
        "/find/", {"near": "62701"}, HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9"
    ).content.decode()
    assert "no son tratamiento para la adicción" in spanish
    assert 'href="/learn/worried-about-ketamine-treatment/"' in spanish


def test_the_locator_s_ketamine_infusion_therapy_label_alone_flags_a_row():
    from clearhead.directory.importers.samhsa import parse_row
    from clearhead.directory.infusion import record_texts

    record = parse_row(
        1,
        {
            "frid": "MH-KIT",
            "name1": "Hillside Wellness",
            "zip": "62704",
            "services": [
                {
                    "f1": "Treatment Approaches",
                    "f2": "TAP",
                    "f3": "Cognitive behavioral therapy; Ketamine infusion therapy",
                }
            ],
        },
    )
    assert infusion_terms(record_texts(record.fields, record.unmapped)) == [
        "ketamine infusion"
    ]
