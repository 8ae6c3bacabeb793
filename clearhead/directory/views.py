import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from clearhead.accounts.policies import can_manage_users
from clearhead.audit.decorators import no_patient_data
from clearhead.audit.middleware import client_ip
from clearhead.core import clock
from clearhead.core.paging import page_links
from clearhead.core.ratelimit import RateLimited
from clearhead.directory import queries, schedule, selectors, services, vocabulary
from clearhead.directory.forms import ListingReportForm
from clearhead.directory.models import Facility, ListingReport, Meeting


def _search(request, parse, search):
    """Run a search from the query string; problems become messages on the page."""
    try:
        query = parse(request.GET)
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


@login_not_required
@no_patient_data
@require_safe
def facility_list(request: HttpRequest) -> HttpResponse:
    query, page, problems = _search(
        request, queries.facility_query, selectors.facility_search
    )
    context = {
        "query": query,
        "page": page,
        "problems": problems,
        "links": _page_links(request, page) if page else {},
        "vocabularies": vocabulary.VOCABULARIES,
        "selected": {
            kind: _selected(request, kind) for kind in vocabulary.VOCABULARIES
        },
        "near": request.GET.get("near", ""),
        "radius": request.GET.get("radius_miles", "50"),
        "detox": request.GET.get("detox", "") in queries.TRUE_WORDS,
        "mental_health_care": request.GET.get("mental_health_care", "")
        in queries.TRUE_WORDS,
        "has_demo": selectors.directory_has_demo_rows(),
    }
    return render(request, "directory/facility_list.html", context)


def _labels(codes: list[str], kind: str) -> list[str]:
    return [vocabulary.VOCABULARIES[kind][code] for code in codes]


def _facility_context(facility: Facility, form) -> dict:
    return {
        "facility": facility,
        "levels": _labels(facility.levels, "level"),
        "services": _labels(facility.services, "service"),
        "payments": _labels(facility.payments, "payment"),
        "languages": _labels(facility.languages, "language"),
        "populations": _labels(facility.populations, "population"),
        "report_form": form,
    }


@login_not_required
@no_patient_data
@require_safe
def facility_detail(request: HttpRequest, public_id) -> HttpResponse:
    facility = get_object_or_404(
        Facility.objects.select_related("feed"), public_id=public_id
    )
    context = _facility_context(facility, ListingReportForm())
    return render(request, "directory/facility_detail.html", context)


@login_not_required
@no_patient_data
@require_POST
def facility_report(request: HttpRequest, public_id) -> HttpResponse:
    facility = get_object_or_404(Facility, public_id=public_id)
    form = ListingReportForm(request.POST)
    if not form.is_valid():
        context = _facility_context(facility, form)
        return render(request, "directory/facility_detail.html", context, status=400)
    try:
        services.listing_report_create(
            facility=facility,
            problem=form.cleaned_data["problem"],
            details=form.cleaned_data["details"],
            client_address=client_ip(request) or "",
        )
    except RateLimited:
        messages.warning(request, "Thank you. We have enough reports from you for now.")
    else:
        messages.success(request, "Thank you. We will check this listing.")
    return redirect("directory:facility_detail", public_id=facility.public_id)


@no_patient_data
@require_safe
def listing_reports(request: HttpRequest) -> HttpResponse:
    if not can_manage_users(request.user):
        raise PermissionDenied
    reports = ListingReport.objects.select_related("facility")[:200]
    return render(request, "directory/listing_reports.html", {"reports": reports})


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
TIMES_OF_DAY = {"morning": "Morning", "afternoon": "Afternoon", "evening": "Evening"}
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
        "day": {str(number): name for number, name in enumerate(schedule.DAY_NAMES)},
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
            vocabulary.FELLOWSHIPS[code].split(" Family Groups")[0]
            for code in vocabulary.FELLOWSHIPS
            if code in vocabulary.FAMILY_FELLOWSHIPS
            and (code in present["fellowship"] or family)
        ],
    }


def _chosen_labels(options: dict, selected: dict[str, list[str]]) -> list[str]:
    """The chosen filters in words, for the collapsed filters' summary line."""
    return [
        options[name][code]
        for name in MEETING_FILTERS
        for code in selected[name]
        if code in options[name]
    ]


@login_not_required
@no_patient_data
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    query, page, problems = _search(
        request,
        _meetings_to_join_from_anywhere,
        lambda query: selectors.meeting_search(query, now),
    )
    selected = {name: _selected(request, name) for name in MEETING_FILTERS}
    family = request.GET.get("family", "") in queries.TRUE_WORDS
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
        "problems": problems,
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
        "options": options,
        "selected": selected,
        "chosen": _chosen_labels(options, selected),
        "family": family,
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
        "type_labels": vocabulary.meeting_type_labels(meeting.types)
        + meeting.other_types,
        "fellowship": vocabulary.FELLOWSHIPS.get(meeting.fellowship, "Support group"),
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
