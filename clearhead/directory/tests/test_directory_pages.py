"""The finder pages: pre-filtered links, listings, reports, meetings and calendars."""

from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from clearhead.directory.models import ListingReport
from clearhead.directory.services import REPORT_LIMIT
from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory


def test_a_self_assessment_link_lands_on_pre_filtered_results(client, db):
    FacilityFactory(
        name="Residential with detox and MH",
        levels=["residential"],
        services=["detox", "mental_health"],
    )
    FacilityFactory(
        name="Residential, no detox", levels=["residential"], services=["mental_health"]
    )
    FacilityFactory(
        name="Outpatient with detox",
        levels=["outpatient"],
        services=["detox", "mental_health"],
    )
    page = client.get(
        "/find/?level=residential&detox=1&service=mental_health&near=62704"
    ).content.decode()
    assert "Residential with detox and MH" in page
    assert "Residential, no detox" not in page
    assert "Outpatient with detox" not in page
    assert 'name="level" value="residential" checked' in page
    assert 'name="detox" value="1" checked' in page
    assert 'name="service" value="mental_health" checked' in page


def test_no_results_suggests_widening_and_always_gives_the_helpline(client, db):
    page = client.get(
        "/find/", {"near": "62704", "level": "inpatient"}
    ).content.decode()
    assert "Try a larger distance, or remove a filter" in page
    assert 'href="tel:18006624357"' in page
    assert "findtreatment.gov" in page


def test_no_meetings_without_a_place_suggests_a_place_not_a_distance(client, db):
    page = client.get("/meetings/", {"type": "W"}).content.decode()
    assert "Nothing matched" in page
    assert "larger distance" not in page
    assert "type a town or ZIP code" in page
    assert 'href="tel:18006624357"' in page


def test_a_bad_place_is_a_message_not_an_error(client, db):
    response = client.get("/find/", {"near": "Atlantis, ZZ"})
    assert response.status_code == 200
    assert "We could not search with that." in response.content.decode()


def test_a_facility_page_has_phones_services_source_and_what_to_ask(client, db):
    facility = FacilityFactory(
        phone="217-555-0142",
        intake_phone="217-555-0199",
        services=["detox", "cbt"],
        payments=["medicaid"],
    )
    page = client.get(
        reverse("directory:facility_detail", args=[facility.public_id])
    ).content.decode()
    assert 'href="tel:217-555-0142"' in page
    assert "Supervised detox" in page
    assert "Medicaid" in page
    assert "Data from SAMHSA FindTreatment.gov" in page
    assert "Checking your insurance" in page
    assert "Report a problem with this listing" in page


def test_an_unknown_facility_is_404(client, db):
    assert client.get("/find/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_listing_report_reaches_administrators(client, db, admin_ada, patient_pat):
    facility = FacilityFactory()
    url = reverse("directory:facility_report", args=[facility.public_id])
    assert client.post(url, {"details": "no problem chosen"}).status_code == 400
    response = client.post(url, {"problem": "phone", "details": "Number rings out"})
    assert response.status_code == 302
    assert ListingReport.objects.get().details == "Number rings out"
    client.force_login(patient_pat)
    assert client.get(reverse("directory:listing_reports")).status_code == 403
    client.force_login(admin_ada)
    assert (
        "Number rings out"
        in client.get(reverse("directory:listing_reports")).content.decode()
    )


def test_one_address_cannot_flood_the_listing_reports(client, db):
    facility = FacilityFactory()
    url = reverse("directory:facility_report", args=[facility.public_id])
    for n in range(REPORT_LIMIT + 2):
        response = client.post(url, {"problem": "phone", "details": f"try {n}"})
        assert response.status_code == 302
    assert ListingReport.objects.count() == REPORT_LIMIT
    page = client.get(response["Location"]).content.decode()
    assert "We have enough reports from you for now." in page


def test_the_demo_banner_shows_while_demo_rows_exist(client, db):
    FacilityFactory(source="demo", name="Demo Place")
    assert "Demo data." in client.get("/find/").content.decode()


def test_a_meeting_page_shows_its_time_zone_and_the_next_start(client, db):
    meeting = MeetingFactory(
        conference_url="https://meet.example.org/x", attendance="hybrid"
    )
    page = client.get(
        reverse("directory:meeting_detail", args=[meeting.public_id])
    ).content.decode()
    assert "Tuesdays at 7:00 PM" in page
    assert "(Central time)" in page
    assert "data-local-time" in page
    assert "Join online" in page


def test_a_meeting_downloads_as_a_weekly_icalendar_event(client, db):
    meeting = MeetingFactory(name="Just for Today", days=[2, 4])
    response = client.get(reverse("directory:meeting_ics", args=[meeting.public_id]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Just for Today"
    assert event["RRULE"]["BYDAY"] == ["TU", "TH"]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (19, 0)
    assert str(start.tzinfo) == "America/Chicago"


def test_meeting_search_page_filters_with_several_values(client, db):
    MeetingFactory(name="Open women wheelchair", types=["O", "W", "X"])
    MeetingFactory(name="Open only", types=["O"])
    page = client.get(
        "/meetings/", {"near": "62704", "type": ["O", "W", "X"]}
    ).content.decode()
    assert "Open women wheelchair" in page
    assert "Open only" not in page


def test_an_online_search_does_not_claim_a_distance_it_did_not_use(client, db):
    # Online meetings are found from anywhere, so a heading "within 10 miles
    # of Georgetown" over a California meeting would tell a person the wrong thing.
    MeetingFactory(
        name="Zoom Daily Reflections",
        attendance="online",
        city="Ben Lomond",
        state="CA",
        latitude=37.09,
        longitude=-122.09,
        conference_url="https://meet.example.org/x",
    )
    page = client.get(
        "/meetings/", {"near": "19947", "radius_miles": "10", "attendance": "online"}
    ).content.decode()
    assert "Zoom Daily Reflections" in page
    assert "within 10 miles" not in page
    assert "1 meeting you can join online or by phone from anywhere" in page
    nearby = client.get("/meetings/", {"near": "62704", "radius_miles": "10"})
    assert (
        'within 10 miles of <span translate="no">Springfield, IL 62704</span>'
        in nearby.content.decode()
    )


def test_a_meeting_outside_the_us_has_no_dangling_comma_after_its_town(client, db):
    # The Ontario feed gives a town and no state: "Tweed," read as a typo.
    meeting = MeetingFactory(
        name="Tweed Group",
        address="55 Victoria St N",
        city="Tweed",
        state="",
        postal_code="",
        time_zone="America/Toronto",
        latitude=44.476,
        longitude=-77.311,
    )
    page = client.get(
        reverse("directory:meeting_detail", args=[meeting.public_id])
    ).content.decode()
    assert "55 Victoria St N<br>Tweed" in page
    assert "Tweed," not in page
    listing = client.get("/meetings/", {"near": "44.47,-77.31"}).content.decode()
    assert 'Narcotics Anonymous · <span translate="no">Tweed</span></p>' in listing


def test_an_empty_place_lists_the_meetings_joined_from_anywhere_as_the_page_says(
    client, db
):
    # "Leave it empty to see meetings you can join online from anywhere":
    # before, an empty box listed every in-person meeting of every feed.
    MeetingFactory(name="Palo Alto Noon", attendance="in_person")
    MeetingFactory(
        name="Zoom Daily Reflections",
        attendance="online",
        conference_url="https://meet.example.org/x",
    )
    MeetingFactory(
        name="Paseo Hybrid",
        attendance="hybrid",
        conference_url="https://meet.example.org/y",
    )
    page = client.get("/meetings/", {"near": ""}).content.decode()
    assert (
        "Leave it empty to see meetings you can join online or by phone from "
        "anywhere, starting soonest first." in page
    )
    assert (
        "2 meetings you can join online or by phone from anywhere, "
        "starting soonest first" in page
    )
    assert "Zoom Daily Reflections" in page
    assert "Paseo Hybrid" in page
    assert "Palo Alto Noon" not in page
    # Asking for in-person meetings still lists them.
    chosen = client.get("/meetings/", {"near": "", "attendance": "in_person"})
    assert "Palo Alto Noon" in chosen.content.decode()


def test_a_canadian_town_from_an_imported_feed_can_be_searched_by_name(client, db):
    # The Ontario feed's meetings had no way in: "Belleville, ON" is not in
    # the US ZIP data, so the search said "We cannot find Belleville, ON".
    MeetingFactory(
        name="Belleville Big Book",
        city="Belleville",
        state="",
        time_zone="America/Toronto",
        latitude=44.162,
        longitude=-77.383,
    )
    MeetingFactory(
        name="Trenton Group",
        city="Trenton",
        state="",
        time_zone="America/Toronto",
        latitude=44.101,
        longitude=-77.576,
    )
    page = client.get(
        "/meetings/", {"near": "Belleville, ON", "radius_miles": "25"}
    ).content.decode()
    assert "We cannot find" not in page
    assert 'within 25 miles of <span translate="no">Belleville, ON</span>' in page
    assert "2 meetings within 25 miles" in page
    assert "Trenton Group" in page
    unknown = client.get("/meetings/", {"near": "Nowhere, ON"}).content.decode()
    assert "We cannot find Nowhere, ON" in unknown


@override_settings(CLEARHEAD_REGION="UK")
def test_uk_meetings_say_place_search_is_not_available_not_us_towns(client, db):
    """The offline place data is the US's: a UK visitor typing "London" is
    told place search is not there yet, not offered London, KY."""
    MeetingFactory(name="Online Anywhere", attendance="online")
    page = client.get("/meetings/", {"near": "London"}).content.decode()
    assert "London, KY" not in page
    assert "Searching meetings by place is not available in the UK yet" in page
    assert 'name="near"' not in page
    assert "ZIP code" not in page
    assert "Online Anywhere" in page
