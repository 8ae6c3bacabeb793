"""Reads of the recovery companion, scoped to who may see them and audited."""

from datetime import date, timedelta
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, QuerySet
from django.shortcuts import get_object_or_404

from clearhead.accounts.models import User
from clearhead.audit import selectors as audit_selectors
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.audit.visits import PAGE_VISITS, VISIT_GAP, visits_page
from clearhead.breakglass.selectors import emergency_accesses_to
from clearhead.care import policy
from clearhead.care.time_zones import today_for
from clearhead.core.plain_sql import PlainSelect, fetch_together
from clearhead.flags import selectors as flag_selectors
from clearhead.flags.definitions import (
    LOOKBACK_DAYS,
    RECENT_DAYS,
    Audience,
    recent_start,
)
from clearhead.flags.models import Flag
from clearhead.flags.rules import CheckInFacts
from clearhead.recovery import body_check, early_recovery, sobriety, wording
from clearhead.recovery.models import (
    BodyCheck,
    DailyCheckIn,
    EarlyRecoveryEntry,
    RecoveryProfile,
    SafetyPlan,
)
from clearhead.recovery.next_step import heads_up, next_step


def profile_for(*, actor, safety_plan: bool = False) -> RecoveryProfile | None:
    """The patient's own recovery profile with its contacts, or None.

    With `safety_plan`, the profile's `has_safety_plan` says whether the
    patient has written one (as `has_safety_plan` does), in the same query.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    profiles = RecoveryProfile.objects.filter(patient=actor)
    if safety_plan:
        profiles = profiles.annotate(
            has_safety_plan=Exists(SafetyPlan.objects.filter(patient=actor))
        )
    profile = profiles.prefetch_related("contacts").first()
    if profile is not None:
        # The patient is the actor: no second read of the account.
        profile.patient = actor
    return profile


def checkin_list_for_patient(
    *, actor, patient, since: date | None = None
) -> QuerySet[DailyCheckIn]:
    """Return a patient's check-ins, newest first, for someone allowed to see them.

    Records the read as CHECKINS_VIEWED. Raises PermissionDenied otherwise.
    """
    if not policy.may_view(actor, patient, "checkins"):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.CHECKINS_VIEWED, patient=patient)
    checkins = DailyCheckIn.objects.filter(patient=patient)
    return checkins.filter(day__gte=since) if since else checkins


# What the early-warning rules read of a check-in, in CheckInFacts order.
FACT_FIELDS = (
    "public_id",
    "day",
    "craving",
    "confidence",
    "used_ketamine",
    "self_harm_thoughts",
    "body_advice",
    "recorded_at",
    "created_at",
)


def warning_facts(row: tuple) -> CheckInFacts:
    """Rule facts from a `values_list(*FACT_FIELDS)` row. Plain tuples, not
    model instances: a caseload reads tens of thousands of them. A check-in
    was made at its device instant (offline), or else when it arrived."""
    public_id, *rest, recorded_at, created_at = row
    return CheckInFacts(str(public_id), *rest, made_at=recorded_at or created_at)


# The rules' columns of a patient's check-ins from a day on (params [patient
# id, day]), in no order (the rules put the check-ins in theirs): read on
# every check-in, so plain SQL built once (core.plain_sql).
_RECENT_FACTS = PlainSelect(DailyCheckIn, FACT_FIELDS, "patient_id = %s AND day >= %s")


# Whether the account is still open (params [user id]).
_ACCOUNT_OPEN = PlainSelect(User, ["is_active"], "id = %s")


class RulesInput(NamedTuple):
    facts: list[CheckInFacts]
    open_flags: list[Flag]
    # False when the account was closed after the writer was let in: what it
    # wrote must not outlive the closing (recovery.closing).
    account_open: bool


def rules_input(*, patient, today: date, first=()) -> RulesInput:
    """The rules' input and the flags they update, read in one round trip
    where the database allows it (core.plain_sql.fetch_together): the
    check-ins of the last LOOKBACK_DAYS, or else the latest, as
    `warning_facts`; the patient's open flags of every kind
    (flags.selectors.OPEN_FLAGS_OF); and whether their account is still
    open, read after `first`. `first`: statements ((sql, params)) of the
    caller's to run before the reads, in the same round trip (the patient's
    lock, rollups.patient_lock_statements, among them).

    Not scoped: for services that write flags from the patient's own data.
    """
    since = today - timedelta(days=LOOKBACK_DAYS)
    recent, open_flags, account = fetch_together(
        (_RECENT_FACTS, [patient.pk, since]),
        (flag_selectors.OPEN_FLAGS_OF, [patient.pk]),
        (_ACCOUNT_OPEN, [patient.pk]),
        first=first,
    )
    if not recent:  # quiet for longer: their latest check-in
        recent = list(
            DailyCheckIn.objects.filter(patient_id=patient.pk)
            .order_by(*DailyCheckIn._meta.ordering)
            .values_list(*FACT_FIELDS)[:1]
        )
    return RulesInput(
        [warning_facts(row) for row in recent],
        flag_selectors.OPEN_FLAGS_OF.as_instances(open_flags),
        bool(account and account[0][0]),
    )


def early_warnings_for_patient(*, actor, patient, audited: bool = False) -> list[Flag]:
    """The patient's own open flags (stored), most urgent first.

    For the patient themselves (PermissionDenied otherwise). With
    `audited`, records the read as EARLY_WARNINGS_VIEWED (the API, whose
    answer is only the flags; a page records its own action).
    """
    flags = flag_selectors.flags_for(
        actor=actor, patient=patient, audience=Audience.PATIENT
    )
    if audited:
        audit_record(
            actor=actor, action=AuditAction.EARLY_WARNINGS_VIEWED, patient=patient
        )
    return flags


def use_days_of(patient) -> list[date]:
    """The days the patient reported using ketamine in a check-in."""
    # `order_by` replaces the model's ordering, whose `created_at` would
    # otherwise join the DISTINCT and repeat a day checked in twice.
    return list(
        DailyCheckIn.objects.filter(patient=patient, used_ketamine=True)
        .order_by("day")
        .values_list("day", flat=True)
        .distinct()
    )


def sober_status(*, profile: RecoveryProfile, today: date) -> dict:
    use_days = use_days_of(profile.patient)
    count = sobriety.sober_count(profile.stop_date, use_days, today)
    return {
        "count": count,
        "money": sobriety.money_not_spent(profile.weekly_spend, count.current_days),
        "milestones": sobriety.milestones_reached(count.current_days),
        "next_milestone": sobriety.next_milestone(count.current_days),
        "stop_in_future": profile.stop_date > today,
        "days_to_stop": (profile.stop_date - today).days,
        "lapse_recent": count.last_use is not None
        and (today - count.last_use).days < RECENT_DAYS,
    }


def audit_profile_view(*, actor, profile: RecoveryProfile | None) -> None:
    """Record that the patient opened one of their own recovery pages.

    Those pages (the coping tools, the check-in and body-check forms, the
    profile form) show the profile: reasons, people, time zone; not check-ins.
    """
    audit_record(
        actor=actor,
        action=AuditAction.RECOVERY_PROFILE_VIEWED,
        patient=actor,
        subject=profile,
    )


def relapse_plan_for(*, actor, patient):
    """The patient's plan (or None), for the patient. Audited as PLAN_VIEWED."""
    from clearhead.recovery.models import RelapsePreventionPlan

    if not policy.may_view(actor, patient, "plan"):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.PLAN_VIEWED, patient=patient)
    return RelapsePreventionPlan.objects.filter(patient=patient).first()


def routine_for(*, actor, patient, today: date) -> dict:
    """The routine, what is due today, what is done, and its adherence.

    Returns ``{"items", "today": [(item, done today)], "done", "due",
    "percent" (None when nothing was due), "summary"}``: adherence over the
    RECENT_DAYS window ending `today`. Audited as ROUTINE_VIEWED.
    """
    from clearhead.recovery.models import RoutineCheck, RoutineItem
    from clearhead.recovery.routine import adherence, due_on

    if not policy.may_view(actor, patient, "plan"):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.ROUTINE_VIEWED, patient=patient)
    items = list(RoutineItem.objects.filter(patient=patient).select_related("meeting"))
    done = set(
        RoutineCheck.objects.filter(
            item__patient=patient, day__gte=recent_start(today)
        ).values_list("item_id", "day")
    )
    done_count, due = adherence(items, done, today)
    return {
        "items": items,
        "today": [(item, (item.pk, today) in done) for item in due_on(items, today)],
        "done": done_count,
        "due": due,
        "percent": round(100 * done_count / due) if due else None,
        # "3 of 4 routine items done in the last 7 days (75%)", or None.
        "summary": wording.routine_done(done_count, due, RECENT_DAYS) if due else None,
    }


def coping_records_for(*, actor, patient) -> dict:
    """The patient's own log entries and decisional balance. Audited."""
    from clearhead.recovery.models import DecisionalBalance, ThoughtRecord

    if not policy.is_self(actor, patient):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.COPING_RECORDS_VIEWED, patient=patient)
    return {
        "records": list(ThoughtRecord.objects.filter(patient=patient)[:50]),
        "balance": DecisionalBalance.objects.filter(patient=patient).first(),
    }


def own_checkin(*, actor, public_id) -> DailyCheckIn:
    """One of the patient's own check-ins; 404 for anyone else's."""
    if not policy.is_patient(actor):
        raise PermissionDenied
    return get_object_or_404(DailyCheckIn, patient=actor, public_id=public_id)


def checkin_result(*, actor, public_id) -> dict:
    """What the page after a check-in shows: the check-in, its one next step
    (recovery.next_step, from this check-in's answers only), the people the
    patient chose to call, and the open flags the step does not already say.

    The patient's own check-in only (404 for another's); recorded as
    CHECKINS_VIEWED with the check-in as its subject.
    """
    checkin = own_checkin(actor=actor, public_id=public_id)
    audit_record(
        actor=actor,
        action=AuditAction.CHECKINS_VIEWED,
        patient=actor,
        subject=checkin,
    )
    profile = profile_for(actor=actor)
    contacts = list(profile.contacts.all()) if profile else []
    step = next_step(
        self_harm_thoughts=checkin.self_harm_thoughts,
        used_ketamine=checkin.used_ketamine,
        craving=checkin.craving,
        mood=checkin.mood,
        has_contact=bool(contacts),
    )
    flags = early_warnings_for_patient(actor=actor, patient=actor)
    return {
        "checkin": checkin,
        "step": step,
        "contacts": contacts,
        "heads_up": heads_up(flags, step),
    }


def has_checkin_on(*, actor, day: date) -> bool:
    """Whether the patient (the actor) has any check-in for `day`."""
    if not policy.is_patient(actor):
        raise PermissionDenied
    return DailyCheckIn.objects.filter(patient=actor, day=day).exists()


def own_routine_item(*, actor, public_id):
    """One item of the patient's own weekly routine; 404 for anyone else's."""
    from clearhead.recovery.models import RoutineItem

    if not policy.is_patient(actor):
        raise PermissionDenied
    return get_object_or_404(RoutineItem, patient=actor, public_id=public_id)


def record_history_for(*, actor, first=None) -> dict:
    """Who opened the patient's own record, what went out, and emergency access.

    Returns ``{"visits", "next_first", "gap_minutes", "disclosures",
    "emergencies"}``:
    `visits` is one page of views and changes by others grouped into visits
    (`audit.visits`), newest first, starting at the event whose public id is
    `first` (None: the newest); `next_first` is the public id that starts the
    next page, or None. The others are lists, newest first. A fixed number of
    queries however long the history. Only the patient themselves may read
    it (PermissionDenied otherwise; Http404 for a `first` not theirs); the
    read is recorded as ACCOUNT_VIEWED.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    events = audit_selectors.accesses_by_others(patient=actor, first=first)
    visits, next_event = visits_page(events.iterator(chunk_size=PAGE_VISITS * 8))
    history = {
        "visits": visits,
        "next_first": next_event.public_id if next_event else None,
        "gap_minutes": VISIT_GAP // timedelta(minutes=1),
        "disclosures": list(audit_selectors.disclosures_of(patient=actor)),
        "emergencies": list(emergency_accesses_to(patient=actor)),
    }
    audit_record(actor=actor, action=AuditAction.ACCOUNT_VIEWED, patient=actor)
    return history


# --- The early-recovery daily set -------------------------------------------

EARLY_RECOVERY = "early_recovery"  # its care.policy kind (care.models.SHARE_KINDS)


def early_recovery_entries_for(*, actor, patient, since: date | None = None) -> list:
    """A patient's early-recovery entries, oldest first, for someone who may see them.

    The patient themselves, or a care team (or emergency access) holding the
    "early_recovery" kind (care.policy); PermissionDenied otherwise. Records
    the read as EARLY_RECOVERY_VIEWED.
    """
    if not policy.may_view(actor, patient, EARLY_RECOVERY):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.EARLY_RECOVERY_VIEWED, patient=patient)
    entries = EarlyRecoveryEntry.objects.filter(patient=patient)
    if since is not None:
        entries = entries.filter(day__gte=since)
    return list(entries.order_by("day"))


def early_recovery_for_patient(*, actor) -> dict:
    """The patient's own daily-set page: on or off, the offer, the entries.

    {"profile", "on", "offer" (early_recovery.Offer), "today", "entries"
    (oldest first), "today_entry" (or None)}. Audited as
    EARLY_RECOVERY_VIEWED. PermissionDenied unless a patient; a patient
    without a profile gets {"profile": None}.
    """
    profile = profile_for(actor=actor)
    if profile is None:
        return {"profile": None}
    today = today_for(actor)
    status = sober_status(profile=profile, today=today)
    entries = early_recovery_entries_for(actor=actor, patient=actor)
    return {
        "profile": profile,
        "on": profile.early_recovery_on,
        "offer": early_recovery.offer(status["count"].run_started, today),
        "today": today,
        "entries": entries,
        "today_entry": next((e for e in entries if e.day == today), None),
    }


# --- The body tracker ---------------------------------------------------------

BODY_SYMPTOMS = "body_symptoms"  # its care.policy kind (care.models.SHARE_KINDS)


def body_checks_for(*, actor, patient) -> list[BodyCheck]:
    """A patient's weekly body checks, oldest first, for someone who may see them.

    The patient themselves, or a care team (or emergency access) holding the
    "body_symptoms" kind (care.policy); PermissionDenied otherwise. Records
    the read as BODY_TRACKER_VIEWED.
    """
    if not policy.may_view(actor, patient, BODY_SYMPTOMS):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.BODY_TRACKER_VIEWED, patient=patient)
    return list(BodyCheck.objects.filter(patient=patient).order_by("day"))


def days_without_ketamine(profile, use_days: list[date], day: date) -> int | None:
    """Days without ketamine on `day` (sobriety.sober_count, the one count);
    None before the stop date."""
    if profile is None or day < profile.stop_date:
        return None
    return sobriety.sober_count(profile.stop_date, use_days, day).current_days


def body_history(*, actor, patient) -> dict:
    """The body checks with what the tracker, the clinic and the letter show.

    {"checks" (oldest first), "rows" (newest first: {"check", "advice",
    "days_without", "urinary"}), "charts", "next_due", "today", "profile",
    "use_days"}.
    Policy-checked and audited through body_checks_for.
    """
    checks = body_checks_for(actor=actor, patient=patient)
    profile = RecoveryProfile.objects.filter(patient=patient).first()
    use_days = use_days_of(patient)
    today = today_for(patient)
    rows = [
        {
            "check": check,
            "advice": body_check.advice(check.answers)["advice"],
            "days_without": days_without_ketamine(profile, use_days, check.day),
            "urinary": body_check.urinary_score(check.answers),
        }
        for check in reversed(checks)
    ]
    return {
        "checks": checks,
        "rows": rows,
        "charts": body_check.charts(checks, use_days, today) if checks else [],
        # Weekly: the next check is due a week after the latest.
        "next_due": checks[-1].day + timedelta(days=body_check.CHECK_EVERY_DAYS)
        if checks
        else today,
        "today": today,
        "profile": profile,
        "use_days": use_days,
    }


def own_body_check(*, actor, public_id) -> dict:
    """One of the patient's own body checks and its advice; 404 for another's.

    Recorded as BODY_TRACKER_VIEWED with the check as its subject.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    check = get_object_or_404(BodyCheck, patient=actor, public_id=public_id)
    audit_record(
        actor=actor,
        action=AuditAction.BODY_TRACKER_VIEWED,
        patient=actor,
        subject=check,
    )
    result = body_check.advice(check.answers)
    return {"check": check, "result": result}


LETTER_USE_WEEKS = 12
LETTER_COLUMNS = 8


def body_letter(*, actor, mention: bool, stop: bool, uses: bool) -> dict:
    """The letter for the patient's doctor, with only what they chose.

    Always: the symptoms over time and the tests to ask about. `mention`:
    say that they have used ketamine (without it, the letter does not name
    ketamine). `stop` (with `mention`): the day they stopped and their days
    without ketamine. `uses` (with `mention`): the days they reported using
    in the last LETTER_USE_WEEKS weeks. Audited as BODY_LETTER_MADE.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    history = body_history(actor=actor, patient=actor)
    today = history["today"]
    profile = history["profile"]
    letter = {
        "today": today,
        "rows": history["rows"],
        # The latest LETTER_COLUMNS checks, oldest first: time runs left to right.
        "columns": list(reversed(history["rows"][:LETTER_COLUMNS])),
        "more_checks": len(history["rows"]) > LETTER_COLUMNS,
        "mention": mention,
        "stop": None,
        "uses": None,
        "use_weeks": LETTER_USE_WEEKS,
    }
    if mention and stop and profile is not None:
        letter["stop"] = {
            "stop_date": profile.stop_date,
            "days": days_without_ketamine(profile, history["use_days"], today),
        }
    if mention and uses:
        since = today - timedelta(weeks=LETTER_USE_WEEKS)
        letter["uses"] = sorted(d for d in history["use_days"] if since <= d <= today)
    audit_record(
        actor=actor,
        action=AuditAction.BODY_LETTER_MADE,
        patient=actor,
        extra={"mention": mention, "stop": stop, "uses": uses},
    )
    return letter


# --- The safety plan ---------------------------------------------------------

SAFETY_PLAN = "safety_plan"  # its care.policy kind (care.models.SHARE_KINDS)


def safety_plan_for(*, actor, patient):
    """A patient's safety plan (or None), for someone who may see it.

    The patient themselves, or a care team holding the "safety_plan" kind
    (care.policy); PermissionDenied otherwise. Audited as SAFETY_PLAN_VIEWED
    (the patient) or SAFETY_PLAN_CLINICIAN_VIEWED (anyone else).
    """
    if not policy.may_view(actor, patient, SAFETY_PLAN):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AuditAction.SAFETY_PLAN_VIEWED
        if policy.is_self(actor, patient)
        else AuditAction.SAFETY_PLAN_CLINICIAN_VIEWED,
        patient=patient,
    )
    return (
        SafetyPlan.objects.filter(patient=patient)
        .select_related("updated_by", "written_with")
        .first()
    )


def has_safety_plan(*, actor) -> bool:
    """Whether the signed-in patient has written a safety plan (for the offer
    beside crisis help: "Open my safety plan" or "Make a safety plan")."""
    if not policy.is_patient(actor):
        return False
    return SafetyPlan.objects.filter(patient=actor).exists()
