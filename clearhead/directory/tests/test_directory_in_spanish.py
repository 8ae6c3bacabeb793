"""The finder and the meetings in Spanish: our words translated, the feeds'
words (names, addresses, notes) left as they are and marked translate="no",
days and times in Django's Spanish, codes the same in every language."""

import html
import re
from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from clearhead.core.translation_check import untranslated
from clearhead.directory.models import Feed, ListingReport
from clearhead.directory.tests.factories import (
    FacilityFactory,
    FeedFactory,
    MeetingFactory,
)
from clearhead.safety.helplines import help_lines_for

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"}
# Tuesday 1 December 2026, 6:20 PM in Chicago.
TUESDAY_EVENING = datetime(2026, 12, 2, 0, 20, tzinfo=UTC)


def english_left(page: str) -> list[str]:
    """English of ours left in the page's <main> (the header and footer are
    the site's, checked where they are made)."""
    main = re.search(r"<main\b.*?</main>", page, re.S)
    assert main, "the page has no <main>"
    return untranslated(main.group(0), "es")


def visible(page: str) -> str:
    """The page's text as a reader sees it, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def get_in_spanish(client, url, params=None) -> str:
    response = client.get(url, params or {}, **SPANISH)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="es">' in page
    return page


def an_english_program(**fields):
    return FacilityFactory(
        name="Riverbend Recovery Services",
        program_name="Adult Outpatient Program",
        street1="200 S 6th St",
        street2="Suite 4",
        phone="217-555-0142",
        intake_phone="217-555-0199",
        hotline_phone="217-555-0100",
        website="https://riverbend.example.org/",
        levels=["outpatient", "intensive_outpatient"],
        services=["detox", "cbt", "mental_health"],
        payments=["medicaid", "sliding_fee", "private_insurance", "free"],
        languages=["spanish", "asl"],
        populations=["veterans", "women"],
        **fields,
    )


def an_english_meeting(**fields):
    values = {
        "name": "Tuesday Night Serenity",
        "days": [2],
        "start_time": "19:00",
        "end_time": "20:00",
        "attendance": "hybrid",
        "location": "St. Mark's Church Hall",
        "address": "1 Main Street",
        "postal_code": "62701",
        "location_notes": "Use the side door by the parking lot",
        "group": "Serenity Group",
        "notes": "Bring a friend. Coffee after the meeting.",
        "types": ["O", "S", "BE"],
        "other_types": ["Rotating format", "Zen Zone"],
        "conference_url": "https://meet.example.org/serenity",
        "conference_url_notes": "Password: hope",
        "conference_phone": "+13125550111,,555#",
        "conference_phone_notes": "Dial in and press star six to unmute",
        "is_secular": True,
    }
    return MeetingFactory(**(values | fields))


# The program finder.


def test_program_results_are_in_spanish_and_the_programs_words_are_their_own(
    client, db
):
    an_english_program()
    FacilityFactory(name="Second Program", latitude=39.70)
    page = get_in_spanish(
        client,
        "/find/",
        {
            "near": "62704",
            "level": ["outpatient", "residential"],
            "payment": "medicaid",
        },
    )
    assert english_left(page) == []
    assert "<title>Buscar programas de tratamiento · Clearhead</title>" in page
    text = visible(page)
    assert (
        "1 programa a menos de 50 millas de Springfield, IL 62704" in text
    )  # the town is the ZIP data's own name
    assert "Filtros: Ambulatorio · Residencial · Medicaid — cambiar" in text
    assert "Atención: Ambulatorio · Ambulatorio intensivo" in text
    assert "Llamar al 217-555-0142" in text
    # The feed's words are left as they are, and marked so.
    assert 'translate="no">Riverbend Recovery Services</a>' in page, (
        "a program's name is its own"
    )
    assert '<p class="muted" translate="no">Adult Outpatient Program</p>' in page
    # The messages of "Use my location" are the page's, in Spanish.
    assert 'data-refused="No se compartió su ubicación.' in page
    assert "Your location was not shared" not in page


def test_a_long_filter_summary_says_how_many_more_in_spanish(client, db):
    FacilityFactory(services=["detox"])
    services = ["detox", "cbt", "family_therapy", "art_therapy", "aftercare"]
    page = get_in_spanish(client, "/find/", {"near": "62704", "service": services})
    assert english_left(page) == []
    assert "Terapia familiar y 2 más" in visible(page)


def test_a_link_without_a_place_asks_for_one_in_spanish(client, db):
    page = get_in_spanish(client, "/find/", {"level": "residential", "detox": "1"})
    assert english_left(page) == []
    assert "Guardamos lo que eligió: Residencial · Desintoxicación." in visible(page)


def test_nothing_matched_helps_in_spanish(client, db):
    page = get_in_spanish(client, "/find/", {"near": "62704", "level": "inpatient"})
    assert "No hay resultados" in page
    assert "Pruebe con una distancia mayor, o quite uno o dos filtros." in page
    assert "findtreatment.gov" in page
    # Only the help line's own name and call label may be left: they are the
    # safety app's words (safety.helplines), translated there.
    line = help_lines_for("US").treatment_line
    theirs = {f"<strong> {line.name}"} | {
        f"<a> {contact.label}" for contact in line.phone_contacts
    }
    assert set(english_left(page)) <= theirs


def test_a_place_that_cannot_be_found_is_explained_in_spanish(client, db):
    page = get_in_spanish(client, "/find/", {"near": "Atlantis, ZZ"})
    assert english_left(page) == []
    assert "No pudimos buscar con eso." in page
    assert "No encontramos Atlantis, ZZ." in visible(page)
    ambiguous = get_in_spanish(client, "/find/", {"near": "Springfield"})
    assert english_left(ambiguous) == []
    assert re.search(
        r"Hay un lugar llamado Springfield en \d+ estados\. Elija el que busca",
        ambiguous,
    )
    assert '<ul class="place-choices" translate="no">' in ambiguous


def test_the_search_from_the_phones_location_says_your_location_in_spanish(client, db):
    FacilityFactory()
    page = get_in_spanish(client, "/find/", {"near": "39.79,-89.65"})
    assert english_left(page) == []
    assert "1 programa a menos de 50 millas de su ubicación" in page


def test_a_program_page_is_in_spanish_and_its_listing_is_its_own(client, db):
    feed = FeedFactory(last_confirmed_at=datetime(2026, 11, 3, 12, tzinfo=UTC))
    program = an_english_program(
        feed=feed, approximate_location=True, mental_health_only=True
    )
    url = reverse("directory:facility_detail", args=[program.public_id])
    page = get_in_spanish(client, url, {"back": "near=62704"})
    assert english_left(page) == []
    text = visible(page)
    assert "← Volver a sus resultados" in text
    assert "Qué preguntar cuando llame" in text
    assert "Desintoxicación supervisada" in text
    assert "Fuente: SAMHSA FindTreatment.gov. Confirmado el 3 nov 2026." in text
    assert "¿Qué está mal?" in text
    assert '<h1 translate="no">Riverbend Recovery Services</h1>' in page
    assert '<p translate="no">200 S 6th St, Suite 4<br>Springfield' in page


def test_a_report_is_thanked_and_its_mistakes_are_said_in_spanish(client, db):
    program = FacilityFactory()
    url = reverse("directory:facility_report", args=[program.public_id])
    refused = client.post(url, {"details": "Rings out"}, **SPANISH)
    assert refused.status_code == 400
    assert english_left(refused.content.decode()) == []
    assert "Este campo es obligatorio." in refused.content.decode()
    response = client.post(url, {"problem": "phone"}, follow=True, **SPANISH)
    assert "Gracias. Revisaremos este listado." in response.content.decode()
    assert english_left(response.content.decode()) == []


def test_the_reports_page_is_in_spanish_and_what_people_wrote_is_theirs(
    client, admin_ada
):
    program = FacilityFactory(name="Lakeview Residential Center")
    ListingReport.objects.create(
        facility=program, problem="closed", details="They moved to Oak Street"
    )
    client.force_login(admin_ada)
    page = get_in_spanish(client, reverse("directory:listing_reports"))
    assert english_left(page) == []
    assert "Cerró o se mudó" in page
    assert '<td translate="no">They moved to Oak Street</td>' in page


# The meetings.


def test_the_meeting_list_is_in_spanish_with_spanish_days_and_times(client, db):
    an_english_meeting(attendance="in_person", conference_url="")
    an_english_meeting(name="Evening Online Group", attendance="online", address="")
    MeetingFactory(name="Nar-Anon Springfield", fellowship="naranon")
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        page = get_in_spanish(client, "/meetings/", {"near": "62704"})
        online = get_in_spanish(client, "/meetings/", {"attendance": "online"})
    assert english_left(page) == []
    assert english_left(online) == []
    assert "<title>Buscar una reunión de un grupo de apoyo · Clearhead</title>" in page
    text = visible(page)
    assert "3 reuniones a menos de 50 millas de Springfield, IL 62704" in text
    # Django's Spanish: "martes", "7:00 p.m.".
    assert "Hoy a las 7:00 p.m., hora del centro · empieza en 40 minutos" in text
    assert "Los martes de 7:00 p.m. a 8:00 p.m. (hora del centro)" in text
    assert "Solo grupos para familiares y amigos (Nar-Anon)" in text
    for label in ("domingo", "martes", "Mañana", "En persona", "En español"):
        assert f"<span>{label}</span>" in page
    assert 'translate="no">Tuesday Night Serenity</a>' in page
    assert "Hoy a las 7:00 p.m., hora del centro" in visible(online)
    assert "1 reunión a la que puede unirse en línea o por teléfono" in visible(online)


def test_a_meeting_page_is_in_spanish_and_the_meetings_own_words_are_kept(client, db):
    meeting = an_english_meeting(
        feed=FeedFactory(
            name="meetings",
            kind=Feed.Kind.MEETINGS,
            last_confirmed_at=datetime(2026, 11, 30, 12, tzinfo=UTC),
        )
    )
    url = reverse("directory:meeting_detail", args=[meeting.public_id])
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        page = get_in_spanish(client, url)
    assert english_left(page) == []
    text = visible(page)
    assert "Narcóticos Anónimos · laica (no religiosa) · En persona y en línea" in text
    assert "Los martes de 7:00 p.m. a 8:00 p.m. (hora del centro)" in text
    assert (
        "Próxima reunión: Martes 1 de diciembre a las 7:00 p.m. (hora del centro)"
        in text
    )
    assert "Agregar a mi calendario (.ics)" in text
    assert "Unirse por teléfono: +13125550111" in text
    # Meeting Guide types by our names; the feed's own format name as it is.
    for label in ("Abierta", "En español", "Para recién llegados", "Formato rotativo"):
        assert f"<li>{label}</li>" in page
    assert '<li translate="no">Zen Zone</li>' in page
    # Names, addresses and notes from the feed are never translated.
    assert '<h1 translate="no">Tuesday Night Serenity</h1>' in page
    assert '<p translate="no">Bring a friend. Coffee after the meeting.</p>' in page
    assert '<p translate="no">Use the side door by the parking lot</p>' in page
    assert '<p translate="no">St. Mark&#x27;s Church Hall<br>1 Main Street' in page
    assert '<span translate="no">Dial in and press star six to unmute</span>' in page


def test_a_spanish_reader_can_list_only_meetings_held_in_spanish(client, db):
    MeetingFactory(name="Grupo Esperanza", types=["O", "S"])
    MeetingFactory(name="Grupo Nueva Vida", types=["C", "S"], days=[4])
    MeetingFactory(name="Tuesday Night Serenity", types=["O"])
    page = get_in_spanish(client, "/meetings/", {"near": "62704"})
    # The filter is named in Spanish, and a link goes straight to it.
    assert (
        '<input type="checkbox" name="type" value="S"> <span>En español</span>' in page
    )
    link = re.search(r'<a href="(\?[^"#]+)#results-title">Ver solo reuniones', page)
    assert link
    spanish_only = get_in_spanish(client, "/meetings/" + html.unescape(link.group(1)))
    assert english_left(spanish_only) == []
    assert "Grupo Esperanza" in spanish_only
    assert "Grupo Nueva Vida" in spanish_only
    assert "Tuesday Night Serenity" not in spanish_only
    assert "2 reuniones a menos de 50 millas" in visible(spanish_only)
    assert "Filtros: En español — cambiar" in visible(spanish_only)
    assert "Ver solo reuniones" not in spanish_only  # already chosen


def test_in_english_the_filter_is_spanish_and_no_shortcut_is_offered(client, db):
    MeetingFactory(name="Grupo Esperanza", types=["O", "S"])
    MeetingFactory(name="Tuesday Night Serenity", types=["O"])
    page = client.get("/meetings/", {"near": "62704"}).content.decode()
    assert '<html lang="en">' in page
    assert "<span>Spanish</span>" in page
    assert "Ver solo" not in page
    chosen = client.get("/meetings/", {"near": "62704", "type": "S"}).content.decode()
    assert "Grupo Esperanza" in chosen
    assert "Tuesday Night Serenity" not in chosen
    assert "Filters: Spanish — change" in visible(chosen)


def test_the_api_says_its_words_in_spanish_and_keeps_its_codes(client, db):
    MeetingFactory(types=["O", "S"], other_types=["Zen Zone"])
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        spanish = client.get("/api/v1/meetings", {"type": "S"}, **SPANISH).json()
        english = client.get("/api/v1/meetings", {"type": "S"}).json()
    (meeting,) = spanish["results"]
    assert meeting["types"] == english["results"][0]["types"] == ["O", "S"]
    assert meeting["attendance"] == "in_person"
    assert meeting["type_names"] == ["Abierta", "En español", "Zen Zone"]
    assert meeting["when"] == "Los martes a las 7:00 p.m. (hora del centro)"
    assert english["results"][0]["when"] == "Tuesdays at 7:00 PM (Central time)"
    problem = client.get("/api/v1/meetings", {"day": "9"}, **SPANISH).json()
    assert "no es un día del 0 al 6" in str(problem)


def test_a_programs_source_is_the_same_in_every_language(client, db):
    FacilityFactory()
    spanish = client.get("/api/v1/facilities", {"near": "62704"}, **SPANISH).json()
    english = client.get("/api/v1/facilities", {"near": "62704"}).json()
    assert spanish["results"][0]["source"] == english["results"][0]["source"]
    assert english["results"][0]["source"].startswith("SAMHSA")


def test_the_calendar_file_is_the_same_in_every_language(client, db):
    meeting = an_english_meeting()
    url = reverse("directory:meeting_ics", args=[meeting.public_id])
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        spanish = client.get(url, **SPANISH).content
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content
    assert spanish == english
    assert b"SUMMARY:Tuesday Night Serenity" in spanish
