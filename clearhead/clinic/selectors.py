"""Reads for clinicians, always scoped to their own care teams, and audited."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from clearhead.accounts.models import Role, User
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record, audit_record_for_patients
from clearhead.care import policy
from clearhead.care.models import (
    Enrollment,
    Program,
    ProgramMembership,
)
from clearhead.care.time_zones import (
    joined_on,
    time_zone_for,
    time_zones_for,
    today_for,
    todays_for,
)
from clearhead.clinic.caseload import (
    DEFAULT_SORT,
    REVIEW_FILTERS,
    CaseloadRow,
    caseload_row,
    complete_row,
    search_text,
)
from clearhead.clinic.evidence import flags_on_record
from clearhead.clinic.models import (
    Appointment,
    ContactLog,
    IntakeAssessment,
)
from clearhead.core import clock
from clearhead.core.phones import Phone, phone_for_display
from clearhead.flags import selectors as flag_selectors
from clearhead.flags.definitions import (
    FLAG_CODES,
    RECENT_DAYS,
    FlagCode,
    adherence_start,
    recent_start,
)
from clearhead.flags.models import NO_FLAG_RANK, CaseloadFlag
from clearhead.recovery import selectors as recovery_selectors
from clearhead.recovery import wording
from clearhead.recovery.models import (
    DailyCheckIn,
    RecoveryProfile,
    RelapsePreventionPlan,
    RoutineCheck,
    RoutineItem,
)
from clearhead.recovery.routine import adherence
from clearhead.screening.explain import level_summary

PAGE_SIZE = 50
# How far back the patient page's check-ins table reaches (a view, not a rule).
RECORD_CHECKIN_DAYS = 90


@dataclass
class CaseloadPage:
    """One page of a clinician's caseload, in the order asked for."""

    page: Page  # of CaseloadRow, each filled in
    total: int  # patients on the caseload, whatever the search and filters
    found: int  # of those, the patients the search and filters keep
    flag_counts: dict[str, int]  # patients raising each flag, in FLAG_CODES
    awaiting_review: dict[str, int]  # of those, patients whose flag no one reviewed
    flag: str | None  # the flag the list is filtered to, if any
    programs: int = 1  # programs the caseload's patients are in

    @property
    def rows(self) -> list[CaseloadRow]:
        return list(self.page.object_list)


def caseload_for_clinician(
    *,
    actor,
    page_number=1,
    flag: str | None = None,
    q: str = "",
    sort: str = DEFAULT_SORT,
    review: str | None = None,
) -> CaseloadPage:
    """The patients on the clinician's care teams, a page at a time.

    `q`: text to find in the names and chart numbers the page shows (case
    and accents ignored); `flag`: a flag code (FLAG_CODES) to keep only the
    patients with it; `review`: "needed" or "reviewed" (REVIEW_FILTERS), to
    keep only the patients whose flags (of code `flag`, if given) await
    review, or are all reviewed; `sort`: a key of SORTS. Values outside
    those are ignored. The flag counts are of the patients the search
    finds, before the flag and review filters.

    The default order is by the STORED open flags the care team may see
    (flags.CaseloadEntry, kept current when flags, consents or the day
    change): patients with a flag awaiting review first, then those whose
    flags are all reviewed, then the rest; within each, by the most urgent
    flag, then by name. The page is picked by one ordered, LIMITed query;
    the two "longest since" orders read each enrollment's latest check-in
    or contact by an indexed subquery in that same query. The counts come
    from aggregate queries. Only the rows shown are read in full (their
    flags through the access policy, sober days, adherence, next
    appointment, last contact). A fixed number of queries however many
    patients, in every order and filter. Each patient on the page gets a
    CASELOAD_VIEWED audit row.
    """
    visible = policy.enrollments_visible_to(actor)
    flag = flag if flag in FLAG_CODES else None
    review = review if review in REVIEW_FILTERS else None
    query = search_text(q.strip())
    if query:
        # Names are folded for search in Python (accents, on any database):
        # one read of the caseload's names, only when searching.
        listing = list(
            visible.values_list(
                "pk",
                "program_id",
                "patient__display_name",
                "patient__email",
                "chart_number",
            )
        )
        total, programs = len(listing), len({row[1] for row in listing})
        searched = visible.filter(
            pk__in=[
                row[0]
                for row in listing
                if query in search_text(row[2] or row[3])
                or query in search_text(row[4])
            ]
        )
    else:
        counts = visible.aggregate(
            total=Count("pk"), programs=Count("program", distinct=True)
        )
        total, programs = counts["total"], counts["programs"]
        searched = visible
    flag_counts, awaiting = _flag_counts(searched)
    listed = _narrowed(searched, flag=flag, review=review)
    page = Paginator(
        _CountedPage(_ordered(listed, sort), listed.count()), PAGE_SIZE
    ).get_page(page_number)
    enrollments = {enrollment.pk: enrollment for enrollment in page.object_list}
    page.object_list = _rows(list(enrollments.values()))
    # Every patient on the page is shown, by name at least: each gets an audit row.
    audit_record(actor=actor, action=AuditAction.CASELOAD_VIEWED)
    audit_record_for_patients(
        actor=actor,
        action=AuditAction.CASELOAD_VIEWED,
        patient_ids=[enrollment.patient_id for enrollment in enrollments.values()],
    )
    return CaseloadPage(
        page=page,
        total=total,
        found=page.paginator.count,
        flag_counts={code: flag_counts[code] for code in FLAG_CODES},
        awaiting_review={code: awaiting[code] for code in FLAG_CODES},
        flag=flag,
        programs=programs,
    )


class _CountedPage:
    """A queryset the paginator slices, with its count already read."""

    def __init__(self, queryset: QuerySet, count: int) -> None:
        self.queryset, self._count = queryset, count
        self.ordered = True

    def count(self) -> int:
        return self._count

    def __getitem__(self, index):
        return list(self.queryset[index])


def _flag_counts(enrollments: QuerySet) -> tuple[Counter, Counter]:
    """(patients with each flag, of those the patients whose flag awaits
    review), among `enrollments`, from their stored entries: one query."""
    patients, awaiting = Counter(), Counter()
    for code, total, unreviewed in (
        CaseloadFlag.objects.filter(entry_id__in=enrollments.values("pk"))
        .values("code")
        .annotate(total=Count("pk"), unreviewed=Count("pk", filter=Q(reviewed=False)))
        .values_list("code", "total", "unreviewed")
        .order_by()
    ):
        patients[code], awaiting[code] = total, unreviewed
    return patients, awaiting


def _narrowed(enrollments: QuerySet, *, flag: str | None, review: str | None):
    """The enrollments with the flag `flag` (any flag if None) whose review
    state is `review` ("needed", "reviewed"; any if None), by their stored
    entries. With a flag: "needed" while it awaits review (one open flag per
    kind). Without: "needed" while any awaits review, "reviewed" when all
    are (the entry's rank, flags.selectors)."""
    if flag:
        flags = CaseloadFlag.objects.filter(entry_id=OuterRef("pk"), code=flag)
        if review:
            flags = flags.filter(reviewed=review == "reviewed")
        return enrollments.filter(Exists(flags))
    if review == "needed":
        ranks = flag_selectors.AWAITING_REVIEW_RANKS
    elif review == "reviewed":
        ranks = flag_selectors.ALL_REVIEWED_RANKS
    else:
        return enrollments
    return enrollments.filter(
        caseload_entry__rank__gte=ranks.start, caseload_entry__rank__lt=ranks.stop
    )


def _ordered(enrollments: QuerySet, sort: str) -> QuerySet:
    """`enrollments` in the order `sort` names, for the page's rows.

    "urgency": the stored rank, then name. "last_checkin": patients who
    share check-ins and never checked in first, then the longest ago, then
    those who do not share check-ins; "last_contact": never contacted
    first, then the longest ago; equal rows in urgency order.
    """
    urgency = ("rank", "patient__display_name", "pk")
    enrollments = enrollments.select_related("patient", "program").annotate(
        rank=Coalesce("caseload_entry__rank", NO_FLAG_RANK)
    )
    if sort == "last_checkin":
        latest = DailyCheckIn.objects.filter(patient=OuterRef("patient")).order_by(
            "-day"
        )
        return enrollments.annotate(
            last=Subquery(latest.values("day")[:1]),
            group=Case(
                When(
                    Q(caseload_entry__shares_checkins=False)
                    | Q(caseload_entry__isnull=True),
                    then=Value(2),
                ),
                When(last__isnull=True, then=Value(0)),
                default=Value(1),
            ),
        ).order_by("group", "last", *urgency)
    if sort == "last_contact":
        latest = ContactLog.objects.filter(enrollment=OuterRef("pk")).order_by("-at")
        return enrollments.annotate(last=Subquery(latest.values("at")[:1])).order_by(
            F("last").asc(nulls_first=True), *urgency
        )
    return enrollments.order_by(*urgency)


def _rows(enrollments: list[Enrollment]) -> list[CaseloadRow]:
    """The page's rows in full, in the page's order: the flags the care team
    may see (through the access policy, on each patient's today), sober days,
    adherence, last check-in, next appointment and last contact."""
    patient_ids = {enrollment.patient_id for enrollment in enrollments}
    zones = time_zones_for(patient_ids)
    todays = todays_for(zones, zones=zones)
    today_by_enrollment = {e.pk: todays[e.patient_id] for e in enrollments}
    shared = policy.care_team_kinds(today_by_enrollment)
    # Flags the patient told the team of one by one ("tell my care team now").
    disclosed = policy.care_team_disclosures(today_by_enrollment)
    open_flags = flag_selectors.open_flags_among(list(patient_ids), todays)
    rows = []
    for enrollment in enrollments:
        enrollment.set_sharing(shared[enrollment.pk])
        rows.append(
            CaseloadRow(
                enrollment_id=enrollment.pk,
                patient_id=enrollment.patient_id,
                shared="checkin_summary" in shared[enrollment.pk],
                name=str(enrollment.patient),
                chart_number=enrollment.chart_number,
                enrollment=enrollment,
                flags=tuple(
                    flag_selectors.visible_to_care_team(
                        open_flags.get(enrollment.patient_id, []),
                        # Every listed enrollment is the team's: its records too.
                        shared[enrollment.pk] | {policy.PROGRAM_RECORDS},
                        frozenset(disclosed[enrollment.pk]),
                    )
                ),
            )
        )
    _complete_rows(rows, todays, zones)
    contacts = last_contacts([row.enrollment_id for row in rows])
    for row in rows:
        row.last_contact = contacts.get(row.enrollment_id)
    return rows


def _last_checkin_days(patient_ids) -> dict[int, date]:
    """{patient id: the day of their last check-in}, one query."""
    return dict(
        DailyCheckIn.objects.filter(patient_id__in=patient_ids)
        .values("patient_id")
        .annotate(last=Max("day"))
        .values_list("patient_id", "last")
    )


def _complete_rows(rows, todays, zones, *, last_days=None) -> None:
    """Sober days, adherence, last check-in and next appointment for one page.

    Four queries for the page's (at most PAGE_SIZE) patients together, three
    when `last_days` ({patient id: last check-in day}) was read already.
    """
    shared_ids = [row.patient_id for row in rows if row.shared]
    stop_dates = dict(
        RecoveryProfile.objects.filter(patient_id__in=shared_ids).values_list(
            "patient_id", "stop_date"
        )
    )
    earliest = min((todays[pid] for pid in shared_ids), default=clock.now().date())
    checkin_days, use_days = defaultdict(set), defaultdict(list)
    # The adherence window's check-ins and every reported use, in one read.
    for patient_id, day, used in DailyCheckIn.objects.filter(
        Q(day__gte=adherence_start(earliest)) | Q(used_ketamine=True),
        patient_id__in=shared_ids,
    ).values_list("patient_id", "day", "used_ketamine"):
        checkin_days[patient_id].add(day)
        if used:
            use_days[patient_id].append(day)
    if last_days is None:
        last_days = _last_checkin_days(shared_ids)
    next_appointments = dict(
        Appointment.objects.filter(
            enrollment__in=[row.enrollment_id for row in rows],
            starts_at__gte=clock.now(),
        )
        .values("enrollment_id")
        .annotate(next=Min("starts_at"))
        .values_list("enrollment_id", "next")
    )
    for row in rows:
        complete_row(
            row,
            today=todays[row.patient_id],
            stop_date=stop_dates.get(row.patient_id),
            checkin_days=checkin_days[row.patient_id],
            use_days=use_days[row.patient_id],
            last_checkin=last_days.get(row.patient_id),
            first_day=joined_on(row.enrollment.patient, zones[row.patient_id]),
        )
        row.next_appointment = next_appointments.get(row.enrollment_id)


def last_contacts(enrollment_ids: Iterable[int] | QuerySet) -> dict[int, datetime]:
    """Return {enrollment id: the UTC instant of its latest logged contact}.

    The one meaning of "last contact": the latest `ContactLog.at` of the
    enrollment, whatever the kind (an unanswered call counts: the team
    reached out). Enrollments with no contact are absent. One query,
    whether `enrollment_ids` is a list or a queryset of ids (then a
    subquery). It does not scope: pass only enrollments the reader may
    see (`care.policy.enrollments_visible_to`); a contact log is the
    program's own record, so no consent narrows it further.
    """
    return dict(
        ContactLog.objects.filter(enrollment_id__in=enrollment_ids)
        .values("enrollment_id")
        .annotate(last=Max("at"))
        .values_list("enrollment_id", "last")
        .order_by()
    )


# How many logged contacts the patient page lists (the latest).
RECENT_CONTACTS_SHOWN = 10


@dataclass(frozen=True)
class ContactPanel:
    """What the patient page's "Reaching <name>" panel shows.

    `shared`: the patient shares "contact_details" with this care team now;
    `phone` (None if not shared or not given), `best_time` ("" likewise)
    and `their_zone` (the patient's zone's name when it is not the
    program's, so "after 6" is read in the right place) follow it.
    `last_contact`: `last_contacts`' answer for the enrollment; `recent`:
    the latest RECENT_CONTACTS_SHOWN ContactLog rows, newest first, with
    their clinicians; `total`: how many are logged; `crisis`: the open
    crisis flag the team may see, if any (the panel then leads with it).
    """

    shared: bool
    phone: Phone | None
    best_time: str
    their_zone: str
    last_contact: datetime | None
    recent: list[ContactLog]
    total: int
    crisis: object | None  # flags.models.Flag


def contact_panel_for_care_team(
    *, actor, enrollment: Enrollment, flags=()
) -> ContactPanel:
    """Return how the care team can reach the patient, and who last did.

    Contact details only while the consent in force shares
    "contact_details" (care.policy); the contact log is the program's own
    record. `flags`: the page's FlagOnRecord list (patient_record_for_clinician),
    searched for a crisis. 404 for anyone not on the care team. Part of the
    patient page, which is audited as PATIENT_RECORD_VIEWED (its `shared`
    names contact_details when shared); four queries at most.
    """
    kinds = policy.enrollment_kinds(actor, enrollment)
    if policy.PROGRAM_RECORDS not in kinds:
        raise Http404
    shared = "contact_details" in kinds
    phone, best_time, their_zone = None, "", ""
    if shared:
        phone, best_time = (
            RecoveryProfile.objects.filter(patient_id=enrollment.patient_id)
            .values_list("phone", "best_time_to_call")
            .first()
        ) or ("", "")
        phone = phone_for_display(phone)
        zone = time_zone_for(enrollment.patient)
        if zone != enrollment.program.time_zone:
            their_zone = clock.time_zone_label(zone)
    contacts = enrollment.contacts.select_related("clinician")
    recent = list(contacts[:RECENT_CONTACTS_SHOWN])
    return ContactPanel(
        shared=shared,
        phone=phone,
        best_time=best_time,
        their_zone=their_zone,
        last_contact=last_contacts([enrollment.pk]).get(enrollment.pk),
        recent=recent,
        # Counted only when the list may be cut short.
        total=contacts.count() if len(recent) == RECENT_CONTACTS_SHOWN else len(recent),
        crisis=next(
            (item.flag for item in flags if item.flag.code == FlagCode.CRISIS), None
        ),
    )


def enrollment_for_clinician(*, actor, public_id) -> Enrollment:
    """One enrollment on the clinician's care teams; anyone else gets 404."""
    enrollment = policy.enrollment_for(actor, public_id=public_id)
    if enrollment is None:
        raise Http404
    return enrollment


def screening_results_for_care_team(*, actor, enrollment: Enrollment):
    """The screening results the enrollment's care team may see, newest first.

    The results a clinician gave (at intake) are the program's own records
    and always the care team's; the ones the patient took and saved alone
    (at /check/) only while the consent in force shares "screenings". The
    one place this rule is written: the patient page, its charts, the
    intake page and the FHIR export all read through here.
    """
    from clearhead.screening.models import ScreeningResult

    kinds = policy.enrollment_kinds(actor, enrollment)
    if policy.PROGRAM_RECORDS not in kinds:
        return ScreeningResult.objects.none()
    results = ScreeningResult.objects.filter(patient=enrollment.patient)
    if "screenings" not in kinds:
        results = results.filter(administered_by__isnull=False)
    return results


def patient_record_for_clinician(*, actor, enrollment: Enrollment) -> dict:
    """What the patient shares with this care team. Audited as PATIENT_RECORD_VIEWED.

    Keys: enrollment, profile, today (the patient's), flags ([FlagOnRecord],
    the stored open flags the team may see, most urgent first),
    intake_drafts ([IntakeDraft], the program's own records); as shared:
    row (CaseloadRow) with "checkin_summary" or "checkins"; checkins (90
    days, newest first) with "checkins"; plan (RelapsePreventionPlan or
    None) and routine (Routine) with "plan"; then screenings,
    next_appointment. Http404 for a clinician off the care team.
    """
    kinds = policy.enrollment_kinds(actor, enrollment)
    if policy.PROGRAM_RECORDS not in kinds:
        raise Http404
    patient = enrollment.patient
    profile = RecoveryProfile.objects.filter(patient=patient).first()
    # One read of the zone for today and the day they joined (today_for's rule).
    zone = time_zone_for(patient)
    today = clock.today_in(zone)
    flags = flag_selectors.visible_to_care_team(
        flag_selectors.open_flags_among(
            [patient.pk], {patient.pk: today}, with_reviewer=True
        ).get(patient.pk, []),
        kinds,
        policy.disclosed_records(actor, patient),
    )
    record = {
        "enrollment": enrollment,
        "profile": profile,
        "today": today,
        "flags": flags_on_record(flags, enrollment, kinds),
        "checkin_days_shown": RECORD_CHECKIN_DAYS,
    }
    if kinds & {"checkin_summary", "checkins"}:
        checkins = list(
            DailyCheckIn.objects.filter(
                patient=patient, day__gte=today - timedelta(days=RECORD_CHECKIN_DAYS)
            )
        )
        record["row"] = caseload_row(
            enrollment,
            today=today,
            stop_date=profile.stop_date if profile else None,
            checkin_days={c.day for c in checkins},
            use_days=list(
                DailyCheckIn.objects.filter(
                    patient=patient, used_ketamine=True
                ).values_list("day", flat=True)
            ),
            last_checkin=checkins[0].day if checkins else None,
            flags=flags,
            first_day=joined_on(patient, zone),
        )
        if "checkins" in kinds:
            record["checkins"] = checkins
    else:
        # Flags the patient asked to tell this care team of, one by one.
        record["disclosed_flags"] = [
            flag for flag in flags if flag.definition.needs not in kinds
        ]
    if "plan" in kinds:
        record |= _plan_and_routine(patient, today)
    # The weekly body checks, while the patient shares them (BODY_TRACKER_VIEWED).
    record["body_shared"] = recovery_selectors.BODY_SYMPTOMS in kinds
    if record["body_shared"]:
        record["body"] = recovery_selectors.body_history(actor=actor, patient=patient)
    record["intake_drafts"] = _intake_drafts(enrollment)
    record["screenings"] = list(
        screening_results_for_care_team(actor=actor, enrollment=enrollment)[:50]
    )
    record["next_appointment"] = enrollment.appointments.filter(
        starts_at__gte=clock.now()
    ).first()
    audit_record(
        actor=actor,
        action=AuditAction.PATIENT_RECORD_VIEWED,
        patient=patient,
        subject=enrollment,
        extra={"shared": sorted(enrollment.sharing)},
    )
    return record


@dataclass(frozen=True)
class Routine:
    """The patient's weekly routine as their care team sees it."""

    items: list[RoutineItem]  # by time, then title
    # "3 of 4 routine items done in the last 7 days (75%)" (RECENT_DAYS,
    # worded as the patient's own pages word it), or None when nothing was due.
    summary: str | None


def _plan_and_routine(patient, today) -> dict:
    """The relapse-prevention plan (or None) and the weekly routine: what the
    "plan" kind shares. Three queries."""
    items = list(RoutineItem.objects.filter(patient=patient))
    done = set(
        RoutineCheck.objects.filter(
            item__patient=patient, day__gte=recent_start(today)
        ).values_list("item_id", "day")
    )
    done_count, due = adherence(items, done, today)
    return {
        "plan": RelapsePreventionPlan.objects.filter(patient=patient).first(),
        "routine": Routine(
            items=items,
            summary=wording.routine_done(done_count, due, RECENT_DAYS) if due else None,
        ),
    }


@dataclass(frozen=True)
class IntakeDraft:
    """An intake scored but whose level of care no one has recorded yet."""

    intake: IntakeAssessment
    # screening.explain.level_summary of its guidance: the suggested level's
    # name, and whether the answers said suicidal thoughts or severe needs.
    guidance: dict


def _intake_drafts(enrollment: Enrollment) -> list[IntakeDraft]:
    """The enrollment's intakes scored but not recorded, newest first.

    An intake is a draft while its level of care is not recorded
    (`decided_at` is empty) and it was scored after the last level anyone
    recorded: each "Score and see guidance" keeps a new intake, so once a
    level is recorded the scorings before it are spent, not waiting. One
    query.
    """
    intakes = list(enrollment.intakes.select_related("clinician"))  # newest first
    last_decided = max(
        (i.decided_at for i in intakes if i.decided_at is not None), default=None
    )
    drafts = []
    for intake in intakes:
        if intake.decided_at is None and (
            last_decided is None or intake.created_at > last_decided
        ):
            drafts.append(
                IntakeDraft(
                    intake=intake,
                    guidance=level_summary(intake.guidance, for_clinician=True),
                )
            )
    return drafts


def flag_for_care_team(*, actor, enrollment: Enrollment, public_id):
    """One flag of the enrollment's patient that `actor`'s care team may see.

    404 for a flag of another patient, or of a kind the team may not see
    (as if it did not exist). The flag may have cleared since the page was
    shown (flags.services.flag_review says so).
    """
    flag = flag_selectors.flag_of_patient(
        patient_id=enrollment.patient_id, public_id=public_id
    )
    kinds = policy.enrollment_kinds(actor, enrollment)
    disclosed = (
        policy.disclosed_records(actor, enrollment.patient) if flag else frozenset()
    )
    if flag is None or not flag_selectors.visible_to_care_team(
        [flag], kinds, disclosed
    ):
        raise Http404
    return flag


def audit_own_care_view(*, actor) -> None:
    audit_record(actor=actor, action=AuditAction.PATIENT_RECORD_VIEWED, patient=actor)


REASSESS_DAYS = 28


def instrument_history(*, actor, enrollment) -> dict:
    """PHQ-9 and GAD-7 totals over time, and whether each is due again (4 weeks).

    Only the results the care team may see (screening_results_for_care_team).
    """
    results = list(
        screening_results_for_care_team(actor=actor, enrollment=enrollment)
        .filter(instrument_id__in=["phq9", "gad7"])
        .order_by("created_at")
    )
    # Staff read dates in their program's zone.
    zone = ZoneInfo(enrollment.program.time_zone)
    today = clock.today_in(zone)
    history = {}
    for instrument_id in ("phq9", "gad7"):
        points = [
            (r.created_at.astimezone(zone).date(), r.result["total"])
            for r in results
            if r.instrument_id == instrument_id
        ]
        last = points[-1][0] if points else None
        history[instrument_id] = {
            "points": points,
            "due": last is None or (today - last).days >= REASSESS_DAYS,
            "last": last,
        }
    return history


def treatment_plan(*, actor, enrollment) -> dict:
    """The plan's phases, goals and reviews. Audited as TREATMENT_PLAN_VIEWED."""
    from clearhead.clinic.models import PlanPhase

    kinds = policy.enrollment_kinds(actor, enrollment)
    if policy.PROGRAM_RECORDS not in kinds:
        raise Http404

    phases = {
        phase.kind: phase
        for phase in PlanPhase.objects.filter(enrollment=enrollment)
        .select_related("responsible")
        .prefetch_related("goals")
    }
    lapse = (
        DailyCheckIn.objects.filter(
            patient=enrollment.patient,
            used_ketamine=True,
            day__gte=recent_start(today_for(enrollment.patient)),
        )
        .order_by("-day")
        .first()
    )
    audit_record(
        actor=actor,
        action=AuditAction.TREATMENT_PLAN_VIEWED,
        patient=enrollment.patient,
        subject=enrollment,
    )
    early = {"early_recovery_shared": False}
    if recovery_selectors.EARLY_RECOVERY in kinds:
        # Beside the withdrawal phase: the daily set, while the patient shares it.
        early = {
            "early_recovery_shared": True,
            "early_recovery_entries": recovery_selectors.early_recovery_entries_for(
                actor=actor, patient=enrollment.patient
            ),
            "early_recovery_today": today_for(enrollment.patient),
        }
    return early | {
        "enrollment": enrollment,
        "phases": phases,
        "reviews": list(
            enrollment.reviews.select_related("clinician").order_by("-reviewed_at")
        ),
        "recent_lapse": lapse.day if lapse and "checkin_summary" in kinds else None,
    }


def phase_initial(phase, kind: str) -> dict:
    if phase is None:
        return {"kind": kind, "status": "planned"}
    return {
        "kind": kind,
        "status": phase.status,
        "target_date": phase.target_date,
        "responsible": phase.responsible_id,
        "interventions": phase.interventions,
    }


def test_timeline(*, actor, enrollment) -> list[dict]:
    """Drug tests beside the patient's self-reported use, newest first."""
    kinds = policy.enrollment_kinds(actor, enrollment)
    if policy.PROGRAM_RECORDS not in kinds:
        raise Http404
    tests = list(enrollment.drug_tests.all())
    reported = set()
    if kinds & {"checkin_summary", "checkins"}:
        reported = set(
            DailyCheckIn.objects.filter(
                patient=enrollment.patient, used_ketamine=True
            ).values_list("day", flat=True)
        )
    days = sorted({t.collected_on for t in tests} | reported, reverse=True)
    return [
        {
            "day": day,
            "tests": [t for t in tests if t.collected_on == day],
            "reported_use": day in reported,
        }
        for day in days
    ]


def treatment_plans_for_patient(*, actor) -> list[dict]:
    """The patient's own treatment plans, one per program. Audited."""
    from clearhead.clinic.models import PlanPhase

    enrollments = list(
        Enrollment.objects.filter(
            patient=actor, status=Enrollment.Status.ACTIVE
        ).select_related("program")
    )
    phases = (
        PlanPhase.objects.filter(enrollment__in=enrollments)
        .prefetch_related("goals")
        .select_related("responsible")
    )
    audit_record(actor=actor, action=AuditAction.TREATMENT_PLAN_VIEWED, patient=actor)
    upcoming = Appointment.objects.filter(
        enrollment__in=enrollments, starts_at__gte=clock.now()
    )
    return [
        {
            "enrollment": enrollment,
            "phases": [p for p in phases if p.enrollment_id == enrollment.pk],
            "appointments": [a for a in upcoming if a.enrollment_id == enrollment.pk],
            # Whom the plan is with, by name (it prints with the program's phone).
            "care_team": list(policy.current_care_team(enrollment)),
        }
        for enrollment in enrollments
    ]


# Programs and their members, for administrators. No health information.


def program_list() -> QuerySet[Program]:
    """Return every program by name, each with `member_count` (current members)."""
    return Program.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__ended_at=None))
    ).order_by("name", "pk")


def program_get(*, public_id) -> Program:
    """Return one program, or raise Http404."""
    program = Program.objects.filter(public_id=public_id).first()
    if program is None:
        raise Http404
    return program


def membership_list_for_program(
    *, program: Program
) -> tuple[list[ProgramMembership], list[ProgramMembership]]:
    """Return the program's current members by name, and its past ones, latest ended first."""
    memberships = program.memberships.select_related("clinician", "ended_by")
    current = memberships.filter(ended_at=None).order_by(
        "clinician__display_name", "clinician__email"
    )
    past = memberships.exclude(ended_at=None).order_by("-ended_at")
    return list(current), list(past)


def membership_get_current(*, program: Program, pk: int) -> ProgramMembership:
    """Return the program's current membership `pk`, or raise Http404."""
    membership = (
        program.memberships.select_related("clinician")
        .filter(pk=pk, ended_at=None)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def clinicians_to_add(*, program: Program) -> QuerySet[User]:
    """Return the active clinicians who are not current members of the program."""
    current = program.memberships.filter(ended_at=None).values("clinician_id")
    return (
        User.objects.filter(role=Role.CLINICIAN, is_active=True)
        .exclude(pk__in=current)
        .order_by("display_name", "email")
    )


def administrator_list_active() -> list[User]:
    """Return the active administrators: who a clinician asks to join a program."""
    return list(
        User.objects.filter(role=Role.ADMIN, is_active=True).order_by(
            "display_name", "email"
        )
    )


def enrollments_of_patient(*, actor) -> list[Enrollment]:
    """The patient's own active enrollments, with their programs."""
    if not policy.is_patient(actor):
        raise PermissionDenied
    return list(
        Enrollment.objects.filter(
            patient=actor, status=Enrollment.Status.ACTIVE
        ).select_related("program")
    )


def intake_for_clinician(*, actor, enrollment: Enrollment, public_id):
    """One intake of an enrollment the clinician may see; 404 otherwise."""
    if policy.PROGRAM_RECORDS not in policy.enrollment_kinds(actor, enrollment):
        raise Http404
    return get_object_or_404(
        IntakeAssessment, enrollment=enrollment, public_id=public_id
    )


def note_for_clinician(*, actor, enrollment: Enrollment, public_id):
    """One progress note of an enrollment the clinician may see; 404 otherwise."""
    from clearhead.clinic.models import ProgressNote

    if policy.PROGRAM_RECORDS not in policy.enrollment_kinds(actor, enrollment):
        raise Http404
    return get_object_or_404(ProgressNote, enrollment=enrollment, public_id=public_id)


def notes_for_clinician(*, actor, enrollment: Enrollment) -> QuerySet:
    """The enrollment's progress notes with authors and addenda; 404 otherwise."""
    if policy.PROGRAM_RECORDS not in policy.enrollment_kinds(actor, enrollment):
        raise Http404
    return enrollment.notes.select_related("author").prefetch_related("addenda__author")


def appointments_of_enrollment(*, actor, enrollment: Enrollment) -> QuerySet:
    """The enrollment's appointments with their clinicians; 404 otherwise."""
    if policy.PROGRAM_RECORDS not in policy.enrollment_kinds(actor, enrollment):
        raise Http404
    return enrollment.appointments.select_related("clinician")


def appointment_for_clinician(*, actor, enrollment: Enrollment, public_id):
    """One appointment of an enrollment the clinician may see; 404 otherwise."""
    appointment = (
        appointments_of_enrollment(actor=actor, enrollment=enrollment)
        .filter(public_id=public_id)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def record_page_viewed(*, actor, enrollment: Enrollment, page: str) -> None:
    """Audit a record page of the program's own (PATIENT_RECORD_VIEWED)."""
    if policy.PROGRAM_RECORDS not in policy.enrollment_kinds(actor, enrollment):
        raise Http404
    audit_record(
        actor=actor,
        action=AuditAction.PATIENT_RECORD_VIEWED,
        patient=enrollment.patient,
        subject=enrollment,
        extra={"page": page},
    )


def appointments_for_clinician(*, actor) -> QuerySet[Appointment]:
    """Every appointment on the clinician's visible care teams. Audited.

    One APPOINTMENTS_DOWNLOADED row per patient with an appointment (the
    times leave Clearhead in a calendar file, without names), and one
    CASELOAD_VIEWED, in a fixed number of queries.
    """
    visible = policy.enrollments_visible_to(actor)
    audit_record_for_patients(
        actor=actor,
        action=AuditAction.APPOINTMENTS_DOWNLOADED,
        patient_ids=visible.filter(appointments__isnull=False)
        .values("patient_id")
        .distinct(),
    )
    audit_record(actor=actor, action=AuditAction.CASELOAD_VIEWED)
    return Appointment.objects.filter(enrollment__in=visible).select_related(
        "enrollment__patient"
    )


def appointments_for_patient(*, actor) -> QuerySet[Appointment]:
    """The patient's own appointments in every program caring for them. Audited."""
    if not policy.is_patient(actor):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.PATIENT_RECORD_VIEWED, patient=actor)
    return Appointment.objects.filter(
        enrollment__patient=actor, enrollment__status=Enrollment.Status.ACTIVE
    )


KETAMINE_CODES = ("ketamine", "norketamine")


def drug_test_marks_for_care_team(*, actor, enrollment, since) -> list[tuple]:
    """The enrollment's drug tests since `since`, for the patient page's chart:
    (day collected, ketamine outcome, results in words), oldest first.

    The outcome is "positive" if ketamine or norketamine was found,
    "inconclusive" if either was unclear, "negative" if tested and not
    found, and "" for a test that did not look for ketamine. Tests are the
    program's own records (PROGRAM_RECORDS), as on the drug tests page.
    """
    if policy.PROGRAM_RECORDS not in policy.enrollment_kinds(actor, enrollment):
        raise Http404
    marks = []
    for test in enrollment.drug_tests.filter(collected_on__gte=since).order_by(
        "collected_on"
    ):
        found = {test.results.get(code) for code in KETAMINE_CODES}
        outcome = next(
            (o for o in ("positive", "inconclusive", "negative") if o in found), ""
        )
        words = gettext("%(specimen)s: %(results)s") % {
            "specimen": gettext(test.get_specimen_display()),
            "results": "; ".join(test.result_phrases()),
        }
        marks.append((test.collected_on, outcome, words))
    return marks
