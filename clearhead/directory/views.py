import dataclasses
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from clearhead.accounts.policies import can_manage_users
from clearhead.audit.decorators import no_patient_data
from clearhead.audit.middleware import client_ip
from clearhead.core import clock, languages
from clearhead.core.paging import page_links
from clearhead.core.public_cache import public_page
from clearhead.core.ratelimit import RateLimited
from clearhead.directory import queries, schedule, selectors, services, vocabulary
from clearhead.directory.forms import ListingReportForm
from clearhead.directory.models import Facility, ListingReport, Meeting


def _search(params, parse, search):
    """Run a search from query parameters; problems become messages on the page."""
    try:
        query = parse(params)
    except queries.InvalidQuery as error:
        return None, None, error.problems
    return query, search(query), []


def _page_links(request, page) -> dict:
    query = request.GET.copy()
    query.pop("offset", None)  # the page number replaces it
    return page_links(
        query,
        page.offset // page.limit + 1,
        has_previous=page.has_previous,
        has_next=page.has_next,
    )


def _selected(request, name: str) -> list[str]:
    return request.GET.getlist(name)


# What a program search's query string may hold: the "Back to your results"
# link keeps these and nothing else.
FACILITY_PARAMS = (
    "near",
    "radius_miles",
    *vocabulary.VOCABULARIES,
    "detox",
    "mental_health_care",
    "page",
    "offset",
    "limit",
)
# The filter summary names this many choices, then "and N more".
SUMMARY_LENGTH = 4


def _chosen_filters(request) -> list[str]:
    """The filters in the query string, in words: "Residential", "Detox", …"""
    params = request.GET
    labels = _known_labels(params.getlist("level"), "level")
    if params.get("detox", "").lower() in queries.TRUE_WORDS:
        labels.append(gettext("Detox"))
    if params.get("mental_health_care", "").lower() in queries.TRUE_WORDS:
        labels.append(gettext("Mental health care"))
    for kind in ("service", "payment", "language", "population"):
        labels += _known_labels(params.getlist(kind), kind)
    return labels


def _known_labels(codes: list[str], kind: str) -> list[str]:
    words = vocabulary.VOCABULARIES[kind]
    return [str(words[code]) for code in codes if code in words]


def _short(labels: list[str], length: int = SUMMARY_LENGTH) -> str:
    """ "A · B · C and 2 more": a line that fits a phone."""
    if len(labels) <= length:
        return " · ".join(labels)
    more = len(labels) - length + 1
    return ngettext(
        "%(labels)s and %(more)s more", "%(labels)s and %(more)s more", more
    ) % {"labels": " · ".join(labels[: length - 1]), "more": more}


def _place_choices(request, problems) -> list[tuple[str, str]]:
    """For a town found in several states: (label, link to that search)."""
    links = []
    for problem in problems:
        for choice in problem.choices:
            params = request.GET.copy()
            params["near"] = choice
            for name in ("page", "offset"):
                params.pop(name, None)
            links.append((choice, "?" + params.urlencode()))
    return links


def _result_facts(facility: Facility) -> dict:
    """What a result says about a program before it is opened, briefly."""
    return {
        "levels": " · ".join(_labels(facility.levels, "level")),
        "payments": _short(_labels(facility.payments, "payment"), 3),
        "languages": _short(_labels(facility.languages, "language"), 3),
        "populations": _short(_labels(facility.populations, "population"), 3),
    }


@login_not_required
@no_patient_data
@require_safe
@public_page()
def facility_list(request: HttpRequest) -> HttpResponse:
    """Programs near a place. Without a place nothing is listed: the page asks
    for one first and keeps the filters that came with the link (the
    self-check's results send level of care and detox, but no place)."""
    places_work = settings.CLEARHEAD_REGION == "US"
    near = request.GET.get("near", "")
    query, page, problems = None, None, []
    if places_work and near.strip():
        query, page, problems = _search(
            request.GET, queries.facility_query, selectors.facility_search
        )
    chosen = _chosen_filters(request)
    context = {
        "query": query,
        "page": page,
        "rows": [
            (facility, distance, _result_facts(facility))
            for facility, distance in (page.results if page else [])
        ],
        "problems": [p for p in problems if not p.choices],
        "choice_problems": [p for p in problems if p.choices],
        "place_choices": _place_choices(request, problems),
        "clear_filters": "?"
        + urlencode(
            {
                name: request.GET[name]
                for name in ("near", "radius_miles")
                if request.GET.get(name)
            }
        ),
        "places_work": places_work,
        # Filters came without a place (the self-check's link), or Search
        # was pressed with the box empty.
        "needs_place": places_work
        and not near.strip()
        and (bool(chosen) or "near" in request.GET),
        "links": _page_links(request, page) if page else {},
        "back": urlencode({"back": _finder_params(request.GET)}),
        "vocabularies": vocabulary.VOCABULARIES,
        "selected": {
            kind: _selected(request, kind) for kind in vocabulary.VOCABULARIES
        },
        "filter_summary": _short(chosen),
        "near": near,
        "radius": request.GET.get("radius_miles", "50"),
        "detox": request.GET.get("detox", "") in queries.TRUE_WORDS,
        "mental_health_care": request.GET.get("mental_health_care", "")
        in queries.TRUE_WORDS,
        "has_demo": selectors.directory_has_demo_rows(),
    }
    return render(request, "directory/facility_list.html", context)


def _labels(codes: list[str], kind: str) -> list[str]:
    return [str(vocabulary.VOCABULARIES[kind][code]) for code in codes]


def _finder_params(params: QueryDict) -> str:
    """A program search as a query string of the finder's own parameters
    only, each kept short: what a result's `?back=` carries."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in FACILITY_PARAMS:
            kept.setlist(name, [value[:100] for value in values[:50]])
    return kept.urlencode()


def _back_to_results(request) -> str:
    """The search a program was opened from (`?back=`), rebuilt from the
    finder's own parameters only: a link made from it can lead nowhere but
    our finder."""
    return _finder_params(QueryDict(request.GET.get("back", "")[:2000]))


def _directions(facility: Facility) -> dict:
    """Links that open the phone's own map app on the program's address: a
    geo: URI (Android and most phones) and Apple Maps (iPhone). Nothing is
    loaded from the map's host until the person taps."""
    address = ", ".join(
        part
        for part in (
            facility.street1,
            facility.city,
            f"{facility.state} {facility.zip_code}".strip(),
        )
        if part
    )
    point = (
        "0,0"
        if facility.approximate_location
        else f"{facility.latitude:.6f},{facility.longitude:.6f}"
    )
    return {
        "geo": f"geo:{point}?q={quote(address)}",
        "apple": f"https://maps.apple.com/?{urlencode({'q': address})}",
    }


def _facility_context(facility: Facility, form, back: str) -> dict:
    return {
        "facility": facility,
        "levels": _labels(facility.levels, "level"),
        "services": _labels(facility.services, "service"),
        "payments": _labels(facility.payments, "payment"),
        "languages": _labels(facility.languages, "language"),
        "populations": _labels(facility.populations, "population"),
        "report_form": form,
        "back_to_results": (
            f"{reverse('directory:facility_list')}?{back}" if back else ""
        ),
        "back_param": urlencode({"back": back}) if back else "",
        "directions": _directions(facility),
        # A program that runs Clearhead and says this listing is its own
        # takes referrals through it (the `referrals` app's send page).
        "takes_referrals": selectors.program_listing_for(facility) is not None,
    }


@login_not_required
@no_patient_data
@require_safe
def facility_detail(request: HttpRequest, public_id) -> HttpResponse:
    facility = get_object_or_404(
        Facility.objects.select_related("feed"), public_id=public_id
    )
    context = _facility_context(
        facility, ListingReportForm(), _back_to_results(request)
    )
    return render(request, "directory/facility_detail.html", context)


@login_not_required
@no_patient_data
@require_POST
def facility_report(request: HttpRequest, public_id) -> HttpResponse:
    facility = get_object_or_404(Facility, public_id=public_id)
    form = ListingReportForm(request.POST)
    back = _back_to_results(request)
    if not form.is_valid():
        context = _facility_context(facility, form, back)
        return render(request, "directory/facility_detail.html", context, status=400)
    try:
        services.listing_report_create(
            facility=facility,
            problem=form.cleaned_data["problem"],
            details=form.cleaned_data["details"],
            client_address=client_ip(request) or "",
        )
    except RateLimited:
        messages.warning(
            request, gettext("Thank you. We have enough reports from you for now.")
        )
    else:
        messages.success(request, gettext("Thank you. We will check this listing."))
    url = reverse("directory:facility_detail", args=[facility.public_id])
    return redirect(f"{url}?{urlencode({'back': back})}" if back else url)


@no_patient_data
@require_safe
def listing_reports(request: HttpRequest) -> HttpResponse:
    if not can_manage_users(request.user):
        raise PermissionDenied
    reports = ListingReport.objects.select_related("facility")[:200]
    return render(request, "directory/listing_reports.html", {"reports": reports})


def _this_minute(request) -> str:
    """The meeting list says "starts in 20 minutes": a cached list is good
    for the minute it was drawn in only (meetings start on the minute)."""
    return clock.now().strftime("%Y-%m-%dT%H:%M")


def _meetings_to_join_from_anywhere(params):
    """The page's promise: with no place and no "How to join" choice, the
    finder lists the meetings a person can join online, not every in-person
    meeting of every feed in alphabetical order."""
    query = queries.meeting_query(params)
    if query.place is None and not query.attendance:
        query = dataclasses.replace(query, attendance=list(JOIN_FROM_ANYWHERE))
    return query


JOIN_FROM_ANYWHERE = ("online", "hybrid")


MEETING_FILTERS = ("day", "time_of_day", "attendance", "fellowship", "type")
TIMES_OF_DAY = {
    "morning": _("Morning"),
    "afternoon": _("Afternoon"),
    "evening": _("Evening"),
}
# Type codes not offered as a choice: "temporarily closed" says where a
# meeting is not, which nobody looks for (the meeting still shows it).
TYPES_NOT_OFFERED = {"TC"}


def _meeting_options(selected: dict[str, list[str]], family: bool) -> dict:
    """The filter choices: only what the listed meetings hold (and whatever
    the address already asks for, so it can be unticked)."""
    present = selectors.meeting_filter_choices()
    fellowships = set(present["fellowship"]) | set(selected["fellowship"])
    types = set(present["type"]) - TYPES_NOT_OFFERED | set(selected["type"])
    return {
        "day": {str(day): schedule.day_name(day) for day in range(7)},
        "time_of_day": TIMES_OF_DAY,
        "attendance": vocabulary.ATTENDANCE,
        "fellowship": {
            code: label
            for code, label in vocabulary.FELLOWSHIPS.items()
            if code in fellowships
        },
        "type": {
            code: label
            for code, label in vocabulary.MEETING_TYPES.items()
            if code in types
        },
        "family": [
            name
            for code, name in vocabulary.FAMILY_FELLOWSHIP_NAMES.items()
            if code in present["fellowship"] or family
        ],
    }


# Meeting Guide's type code for meetings held in Spanish.
SPANISH_MEETINGS = "S"


def _spanish_only(request, options: dict, selected: dict[str, list[str]]) -> str:
    """For a reader in Spanish: this search again with only meetings held in
    Spanish, when there are some and that filter is not chosen yet; else ""."""
    if (
        get_language() != languages.SPANISH
        or SPANISH_MEETINGS not in options["type"]
        or SPANISH_MEETINGS in selected["type"]
    ):
        return ""
    params = request.GET.copy()
    params.setlist("type", [*selected["type"], SPANISH_MEETINGS])
    for name in ("page", "offset"):
        params.pop(name, None)
    return "?" + params.urlencode()


def _chosen_labels(options: dict, selected: dict[str, list[str]]) -> list[str]:
    """The chosen filters in words, for the collapsed filters' summary line."""
    return [
        options[name][code]
        for name in MEETING_FILTERS
        for code in selected[name]
        if code in options[name]
    ]


def _soon_hours() -> int:
    """How many hours "starting soon" looks ahead (schedule.STARTING_SOON)."""
    return int(schedule.STARTING_SOON.total_seconds() // 3600)


@login_not_required
@no_patient_data
@require_safe
@public_page(_this_minute)
def meeting_list(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    # The offline place data is the US's (as on the program finder): outside
    # it a typed place is not looked up, and the page says so.
    places_work = settings.CLEARHEAD_REGION == "US"
    params = request.GET.copy()
    if not places_work:
        params.pop("near", None)
    query, page, problems = _search(
        params,
        _meetings_to_join_from_anywhere,
        lambda query: selectors.meeting_search(query, now),
    )
    selected = {name: _selected(request, name) for name in MEETING_FILTERS}
    family = request.GET.get("family", "") in queries.TRUE_WORDS
    starting_soon = request.GET.get("starting_soon", "") in queries.TRUE_WORDS
    options = _meeting_options(selected, family)
    reader_zone = timezone.get_current_timezone_name()
    context = {
        "query": query,
        "searched_place": selectors.meeting_place(query) if query else None,
        "from_anywhere": bool(
            query
            and selectors.meeting_place(query) is None
            and set(query.attendance) <= set(JOIN_FROM_ANYWHERE)
            and query.attendance
        ),
        "page": page,
        "problems": [p for p in problems if not p.choices],
        "choice_problems": [p for p in problems if p.choices],
        "place_choices": _place_choices(request, problems),
        "links": _page_links(request, page) if page else {},
        "rows": [
            (
                meeting,
                distance,
                schedule.when_text(meeting),
                schedule.upcoming(meeting, now, reader_zone),
            )
            for meeting, distance in (page.results if page else [])
        ],
        "near": request.GET.get("near", ""),
        "radius": request.GET.get("radius_miles", "50"),
        "places_work": places_work,
        "options": options,
        "selected": selected,
        "chosen": _chosen_labels(options, selected),
        "spanish_only": _spanish_only(request, options, selected),
        "family": family,
        "starting_soon": starting_soon,
        "soon_hours": _soon_hours(),
        "has_demo": selectors.directory_has_demo_rows(),
    }
    return render(request, "directory/meeting_list.html", context)


@login_not_required
@no_patient_data
@require_safe
def meeting_detail(request: HttpRequest, public_id) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("feed"), public_id=public_id
    )
    start = schedule.next_start(meeting, clock.now())
    context = {
        "meeting": meeting,
        "when": schedule.when_text(meeting),
        "next_start": start,
        "next_text": schedule.occurrence_text(meeting, start) if start else "",
        # Only an instant can be shown in the reader's zone too; only an
        # online meeting is joined from the reader's own place.
        "convert": bool(start and start.tzinfo and meeting.attendance != "in_person"),
        "type_names": vocabulary.meeting_type_names(meeting.types, meeting.other_types),
        "fellowship": meeting.fellowship_label,
        "attendance": vocabulary.ATTENDANCE.get(meeting.attendance, ""),
    }
    return render(request, "directory/meeting_detail.html", context)


@login_not_required
@no_patient_data
@require_safe
def meeting_ics(request: HttpRequest, public_id) -> HttpResponse:
    meeting = get_object_or_404(Meeting, public_id=public_id)
    url = request.build_absolute_uri(f"/meetings/{meeting.public_id}/")
    response = HttpResponse(
        schedule.ical(meeting, url, clock.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{meeting.public_id}.ics"'
    )
    return response
