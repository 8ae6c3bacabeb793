"""Every write of the recovery companion: profile, check-ins, milestones,
the browsers where reminder notifications are on."""

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext, gettext_lazy, ngettext

from clearhead.accounts import device_store
from clearhead.accounts.models import User
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.services import program_outcomes_invalidate
from clearhead.care.time_zones import time_zone_for, today_for, todays_for
from clearhead.core import clock
from clearhead.core.phones import phone_normalize
from clearhead.core.plain_sql import PlainInsert
from clearhead.flags import selectors as flag_selectors
from clearhead.flags import services as flag_services
from clearhead.flags.definitions import LOOKBACK_DAYS, MISSED_CHECKIN_DAYS
from clearhead.recovery import body_check, checkin_days, push
from clearhead.recovery.models import (
    BEST_TIME_MAX,
    BODY_CHECK_SYMPTOMS,
    BODY_CHECK_TOP,
    BODY_CHECK_WARNING_SIGNS,
    EARLY_RECOVERY_SYMPTOMS,
    BodyCheck,
    DailyCheckIn,
    EarlyRecoveryEntry,
    MilestoneCelebration,
    PushSubscription,
    RecoveryProfile,
    SafetyPlan,
    SupportContact,
)
from clearhead.recovery.rollups import (
    checkin_week_statements,
    patient_lock_statements,
)
from clearhead.recovery.selectors import (
    FACT_FIELDS,
    SAFETY_PLAN,
    rules_input,
    warning_facts,
)
from clearhead.safety import safety_plan

MAX_CONTACTS = 5
CHECKIN_FIELDS = (
    "day",
    "craving",
    "mood",
    "stress",
    "sleep_hours",
    "used_ketamine",
    "other_substances",
    "triggers",
    "risky_situation",
    "coping",
    "confidence",
    "self_harm_thoughts",
    "body_symptoms",
    "note",
)


@transaction.atomic
def recovery_profile_save(
    *,
    actor,
    stop_date: date,
    time_zone: str,
    reasons: str = "",
    usual_triggers: list[str] = (),
    reminder_time=None,
    reminder_channel: str | None = None,
    weekly_spend: Decimal | None = None,
    contacts: list[dict] = (),
    phone: str = "",
    best_time_to_call: str = "",
) -> RecoveryProfile:
    """Create or update the patient's own profile and support contacts.

    Contacts are replaced as a whole list (at most five). `reminder_channel`
    (a `RecoveryProfile.ReminderChannel` value) None keeps the stored one
    (e-mail for a new profile): a page that does not offer notifications
    leaves it alone. `phone` (the patient's own, optional) is checked and
    stored by `core.phones` (ValidationError {"phone": ...} if it cannot be
    dialled). Audited as RECOVERY_PROFILE_SAVED with field names only.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    if len(contacts) > MAX_CONTACTS:
        raise ValidationError(
            {
                "contacts": ngettext(
                    "At most %(count)d support contact.",
                    "At most %(count)d support contacts.",
                    MAX_CONTACTS,
                )
                % {"count": MAX_CONTACTS}
            }
        )
    try:
        phone = phone_normalize(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    best_time_to_call = best_time_to_call.strip()
    if len(best_time_to_call) > BEST_TIME_MAX:
        raise ValidationError(
            {
                "best_time_to_call": ngettext(
                    "Use at most %(count)d character.",
                    "Use at most %(count)d characters.",
                    BEST_TIME_MAX,
                )
                % {"count": BEST_TIME_MAX}
            }
        )
    # The zone is the account's (User.time_zone): it decides "today" for
    # everything the patient does, not only what the profile holds.
    if actor.time_zone != time_zone:
        actor.time_zone = time_zone
        actor.save(update_fields=["time_zone"])
    defaults = {
        "stop_date": stop_date,
        "reasons": reasons.strip(),
        "usual_triggers": list(usual_triggers),
        "reminder_time": reminder_time,
        "weekly_spend": weekly_spend,
        "phone": phone,
        "best_time_to_call": best_time_to_call,
    }
    if reminder_channel is not None:
        if reminder_channel not in RecoveryProfile.ReminderChannel.values:
            raise ValidationError(
                {"reminder_channel": gettext("Choose how to be reminded.")}
            )
        defaults["reminder_channel"] = reminder_channel
    profile, _ = RecoveryProfile.objects.update_or_create(
        patient=actor, defaults=defaults
    )
    profile.contacts.all().delete()
    SupportContact.objects.bulk_create(
        SupportContact(profile=profile, position=index, **contact)
        for index, contact in enumerate(contacts)
    )
    audit_record(
        actor=actor,
        action=AuditAction.RECOVERY_PROFILE_SAVED,
        patient=actor,
        subject=profile,
        extra={"contacts": len(contacts)},
    )
    return profile


class CheckInConflict(Exception):
    """A check-in that must not be stored as sent (the API's 409).

    Raised when its client_id was already used for a different check-in, or
    when it was queued on a device under another account. `str()` is the
    sentence to show the patient.
    """


ID_REUSED = gettext_lazy(
    "This check-in id was already used for a different check-in, so this one "
    "was not stored. Please check in again."
)
OTHER_ACCOUNT = gettext_lazy(
    "This check-in was saved on this device while another account was signed "
    "in, so it was not stored under yours."
)
# What the patient answered: a replay must carry the same (the day is left
# out, since a replay sent after midnight without recorded_at is still one).
ANSWER_FIELDS = tuple(name for name in CHECKIN_FIELDS if name != "day")


def checkin_create(
    *, actor, client_id: uuid.UUID, data: dict
) -> tuple[DailyCheckIn, bool]:
    """Record a check-in; the same client_id again returns the first one.

    `data` holds the answers (ANSWER_FIELDS) and, optionally:
    `recorded_at` (aware instant made on the device: the day is read from it
    in the patient's zone, within the late window), `late` (True: yesterday's
    missed check-in, once, only if that day has none), `day` (used as given
    otherwise, default today: for callers that already know the patient's
    day), and `account_tag` (the device-storage id the check-in was queued
    under; must be the actor's).

    Returns (check-in, created). Every value is validated in Python before
    the database sees it, and the row is inserted only if no row holds its
    client_id (or, late, its day) yet, so no statement fails (a failed
    INSERT would carry the values into the database server's log); a replay
    is then read back. Raises ValidationError (field errors), CheckInConflict
    (id reused with other answers, or another account's queue) or
    PermissionDenied (not a patient). Audited as CHECKIN_CREATED when a row
    is added, and as CHECKINS_VIEWED when a replay hands back the stored one
    (the caller shows it to the patient again).
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    tag = data.get("account_tag")
    if tag is not None and not device_store.matches(actor, tag):
        raise CheckInConflict(str(OTHER_ACCOUNT))
    candidate = _validated_checkin(actor, client_id, data)
    # The patient's one "today", read once: the check-in's day and its flags.
    zone = time_zone_for(actor)
    today = clock.today_in(zone)
    with transaction.atomic():
        try:
            candidate.day, candidate.late = _checkin_day(
                actor, data, zone=zone, today=today
            )
        except ValidationError:
            # A replay is handed back whatever its day would be now (sent
            # again after the window, or its late day filled by itself).
            stored = _stored_checkin(actor, client_id)
            if stored is None:
                raise
        else:
            if candidate.recorded_at is not None:
                # In UTC, as read back from the database (its day was found,
                # so it is an instant within the window).
                candidate.recorded_at = candidate.recorded_at.astimezone(UTC)
            if _insert_unless_stored(candidate):
                _checkin_added(actor, candidate, today)
                return candidate, True
            stored = _stored_checkin(actor, client_id)
            if stored is None:
                # Ignored by recovery_one_late_checkin_per_day: another late
                # check-in for that day was stored since we looked.
                raise ValidationError({"day": DAY_FILLED})
        if any(
            getattr(stored, name) != getattr(candidate, name) for name in ANSWER_FIELDS
        ):
            raise CheckInConflict(str(ID_REUSED))
        audit_record(
            actor=actor,
            action=AuditAction.CHECKINS_VIEWED,
            patient=actor,
            subject=stored,
        )
        return stored, False


def _checkin_added(actor, checkin: DailyCheckIn, today: date) -> None:
    """What a check-in just inserted sets going, in its transaction: its
    audit event, its week's roll-up and the patient's flags."""
    audit_record(
        actor=actor,
        action=AuditAction.CHECKIN_CREATED,
        patient=actor,
        subject=checkin,
    )
    # Flags rest on the check-in: raised in its transaction, after its
    # week's roll-up is refreshed (sent with the read of the rules' input:
    # one round trip where possible).
    _flags_sync(
        actor,
        today=today,
        first=checkin_week_statements(actor.pk, checkin.day),
    )
    if checkin.day <= checkin_days.closed_through(today):
        # Only a caller naming the day can reach a week closed to check-ins
        # (data loaded, a test): what reports kept of it is out of date.
        program_outcomes_invalidate(patient_id=actor.pk)


DAY_FILLED = gettext_lazy("That day already has a check-in.")


def _day_has_checkin(actor, day: date) -> bool:
    """Whether the patient has a check-in for `day` (a late one may not be added)."""
    return DailyCheckIn.objects.filter(patient=actor, day=day).exists()


def _stored_checkin(actor, client_id) -> DailyCheckIn | None:
    """The patient's check-in with this client_id, if one is stored."""
    return DailyCheckIn.objects.filter(patient=actor, client_id=client_id).first()


# Every column but the id, built once (core.plain_sql): compiling the ORM's
# INSERT for every check-in cost more Python than the database spent on it.
_INSERT = PlainInsert(DailyCheckIn)


def _insert_unless_stored(checkin: DailyCheckIn) -> bool:
    """Insert `checkin` unless a row already holds one of its unique values
    (its client_id, or a late check-in's day); True, with its id set, if
    it was added.

    INSERT ... ON CONFLICT DO NOTHING (PostgreSQL) / INSERT OR IGNORE
    (SQLite): a copy arriving at the same moment cannot make it fail. Its
    RETURNING clause says in the same statement whether the row was added
    (bulk_create(ignore_conflicts=True) cannot: it returns nothing, and the
    row would have to be read back to tell).
    """
    db = DailyCheckIn.objects.db
    if _INSERT.usable(using=db):
        return _INSERT.insert(checkin, using=db)
    # SQLite before 3.35: no RETURNING
    DailyCheckIn.objects.bulk_create([checkin], ignore_conflicts=True)
    stored = (
        DailyCheckIn.objects.filter(
            patient_id=checkin.patient_id, client_id=checkin.client_id
        )
        .values_list("pk", "public_id")
        .first()
    )
    if stored is None or stored[1] != checkin.public_id:
        return False
    checkin.pk = stored[0]
    checkin._state.adding = False
    checkin._state.db = db
    return True


def _validated_checkin(actor, client_id, data: dict) -> DailyCheckIn:
    """An unsaved check-in whose every value passed the model's validators
    (which mirror its check constraints), or ValidationError by field.

    Its decimal is to one place, as the database hands it back (with the
    instant put in UTC by checkin_create), so a new check-in is returned as
    it is, without reading it again."""
    fields = {name: data[name] for name in ANSWER_FIELDS if name in data}
    if isinstance(fields.get("sleep_hours"), float):
        # Stored to one decimal place, as the database would round it.
        fields["sleep_hours"] = Decimal(str(fields["sleep_hours"])).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
    checkin = DailyCheckIn(
        patient=actor,
        client_id=client_id,
        recorded_at=data.get("recorded_at"),
        **fields,
    )
    # The patient is the actor (no lookup needed); the day is decided after
    # the replay check; uniqueness is the replay check itself.
    checkin.full_clean(
        exclude=["patient", "day"], validate_unique=False, validate_constraints=False
    )
    if checkin.sleep_hours is not None:
        checkin.sleep_hours = checkin.sleep_hours.quantize(Decimal("0.1"))
    return checkin


def _checkin_day(actor, data: dict, *, zone: str, today: date) -> tuple[date, bool]:
    """(day, late) for a new check-in, by the patient's one "today" (`today`,
    in `zone`: care.time_zones)."""
    if data.get("recorded_at") is not None:
        day = checkin_days.day_of_instant(
            recorded_at=data["recorded_at"], zone=zone, now=clock.now(), today=today
        )
        if data.get("day") not in (None, day):
            raise ValidationError(
                {
                    "day": gettext(
                        "The day does not match the time the check-in was made."
                    )
                }
            )
        return day, False
    if data.get("late"):
        day = checkin_days.late_day(day=data.get("day"), today=today)
        if _day_has_checkin(actor, day):
            raise ValidationError({"day": DAY_FILLED})
        return day, True
    return data.get("day") or today, False


@transaction.atomic
def checkin_body_check_save(*, actor, checkin: DailyCheckIn, state) -> DailyCheckIn:
    """Keep the bladder-and-body check taken with a check-in, and its advice."""
    from clearhead.screening.services import screening_results_save

    if checkin.patient_id != actor.pk:
        raise PermissionDenied
    screening_results_save(actor=actor, state=state)
    checkin.body_advice = state.results()["bladder-check"]["advice"]
    checkin.save(update_fields=["body_advice"])
    _flags_sync(actor, first=patient_lock_statements(actor.pk))
    audit_record(
        actor=actor, action=AuditAction.BODY_CHECK_SAVED, patient=actor, subject=checkin
    )
    return checkin


def _flags_sync(patient, *, today: date | None = None, first=()) -> None:
    """Bring the patient's stored flags up to date with their check-ins
    (`today`: the patient's today, when the caller has read it already;
    `first`: statements to run before reading them, as `rules_input` takes
    them). In the transaction of the check-in just written, after the
    patient's lock: raises PermissionDenied (the transaction, and the
    check-in with it, rolled back) when the account was closed while the
    request was on its way, so nothing the patient entered outlives the
    closing."""
    if today is None:
        today = today_for(patient)
    facts, open_flags, account_open = rules_input(
        patient=patient, today=today, first=first
    )
    if not account_open:
        raise PermissionDenied
    flag_services.checkin_flags_sync(
        patient=patient, facts=facts, open_flags=open_flags, today=today
    )


def flags_daily_pass(now: datetime, *, patient_ids=None) -> int:
    """The worker's daily pass over flags: missed check-ins appear, windows expire.

    Re-evaluates every patient whose today has changed since their last
    evaluation, among those with check-ins in the last LOOKBACK_DAYS +
    MISSED_CHECKIN_DAYS days or with open flags (or `patient_ids`, to fill in
    flags for data loaded in bulk). A fixed number of queries, whatever the
    number of patients. Returns how many flags were raised, changed or cleared.
    """
    if patient_ids is None:
        # No one's today is more than a day behind UTC's.
        floor = now.date() - timedelta(days=1 + LOOKBACK_DAYS + MISSED_CHECKIN_DAYS)
        patient_ids = (
            set(
                DailyCheckIn.objects.filter(day__gte=floor)
                .values_list("patient_id", flat=True)
                .distinct()
            )
            | flag_selectors.patients_with_open_flags()
        )
    todays = todays_for(patient_ids, at=now)
    due = flag_selectors.patients_due(todays)
    if not due:
        return 0
    facts = defaultdict(list)
    since = min(due.values()) - timedelta(days=LOOKBACK_DAYS)
    for pid, *fields in DailyCheckIn.objects.filter(
        patient_id__in=list(due), day__gte=since
    ).values_list("patient_id", *FACT_FIELDS):
        facts[pid].append(warning_facts(fields))
    # Those quiet for longer: their latest check-in, by one subquery each.
    latest = DailyCheckIn.objects.filter(patient=OuterRef("pk")).order_by("-day", "-pk")
    quiet = User.objects.filter(pk__in=[pid for pid in due if pid not in facts])
    for pid, *fields in DailyCheckIn.objects.filter(
        pk__in=quiet.annotate(last=Subquery(latest.values("pk")[:1])).values("last")
    ).values_list("patient_id", *FACT_FIELDS):
        facts[pid].append(warning_facts(fields))
    with transaction.atomic():
        return flag_services.flags_evaluate(
            facts_by_patient=facts, today_by_patient=due, now=now
        )


def milestones_celebrate(*, actor, run_started: date, reached: list[int]) -> list[int]:
    """Record reached milestones; return those not celebrated before in this run."""
    already = set(
        MilestoneCelebration.objects.filter(
            patient=actor, run_started=run_started
        ).values_list("days", flat=True)
    )
    new = [days for days in reached if days not in already]
    MilestoneCelebration.objects.bulk_create(
        [
            MilestoneCelebration(patient=actor, run_started=run_started, days=d)
            for d in new
        ],
        ignore_conflicts=True,
    )
    return new


PLAN_FIELDS = (
    "warning_signs",
    "high_risk_situations",
    "coping_strategies",
    "after_a_lapse",
)


@transaction.atomic
def relapse_plan_save(*, actor, **texts: str):
    """Save the patient's relapse-prevention plan. Audited as PLAN_SAVED."""
    from clearhead.recovery.models import RelapsePreventionPlan

    if not policy.is_patient(actor):
        raise PermissionDenied
    plan, _ = RelapsePreventionPlan.objects.update_or_create(
        patient=actor,
        defaults={field: texts.get(field, "").strip() for field in PLAN_FIELDS},
    )
    audit_record(
        actor=actor, action=AuditAction.PLAN_SAVED, patient=actor, subject=plan
    )
    return plan


@transaction.atomic
def routine_item_add(
    *, actor, kind: str, title: str, weekdays: list[int], time=None, meeting=None
):
    """Add an item to the patient's weekly routine. Audited as ROUTINE_CHANGED."""
    from clearhead.recovery.models import RoutineItem

    if not policy.is_patient(actor):
        raise PermissionDenied
    item = RoutineItem.objects.create(
        patient=actor,
        kind=kind,
        title=title.strip(),
        weekdays=sorted(set(weekdays)),
        time=time,
        meeting=meeting,
    )
    audit_record(
        actor=actor, action=AuditAction.ROUTINE_CHANGED, patient=actor, subject=item
    )
    return item


@transaction.atomic
def routine_item_remove(*, actor, item) -> None:
    if item.patient_id != actor.pk:
        raise PermissionDenied
    audit_record(
        actor=actor, action=AuditAction.ROUTINE_CHANGED, patient=actor, subject=item
    )
    item.delete()


@transaction.atomic
def routine_item_toggle(*, actor, item, day: date) -> bool:
    """Tick an item off for a day, or untick it; return whether it is now done."""
    from clearhead.recovery.models import RoutineCheck

    if item.patient_id != actor.pk:
        raise PermissionDenied
    deleted, _ = RoutineCheck.objects.filter(item=item, day=day).delete()
    if not deleted:
        RoutineCheck.objects.get_or_create(item=item, day=day)
    audit_record(
        actor=actor, action=AuditAction.ROUTINE_CHANGED, patient=actor, subject=item
    )
    return not deleted


@transaction.atomic
def thought_record_create(*, actor, **fields):
    """Save a trigger-and-thought log entry. Audited as THOUGHT_RECORD_SAVED."""
    from clearhead.recovery.models import ThoughtRecord

    if not policy.is_patient(actor):
        raise PermissionDenied
    record = ThoughtRecord.objects.create(patient=actor, **fields)
    audit_record(
        actor=actor,
        action=AuditAction.THOUGHT_RECORD_SAVED,
        patient=actor,
        subject=record,
    )
    return record


@transaction.atomic
def decisional_balance_save(*, actor, **fields):
    from clearhead.recovery.models import DecisionalBalance

    if not policy.is_patient(actor):
        raise PermissionDenied
    balance, _ = DecisionalBalance.objects.update_or_create(
        patient=actor, defaults={key: value.strip() for key, value in fields.items()}
    )
    audit_record(
        actor=actor,
        action=AuditAction.DECISIONAL_BALANCE_SAVED,
        patient=actor,
        subject=balance,
    )
    return balance


@transaction.atomic
def push_subscription_save(
    *, actor, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    """Turn reminder notifications on for one browser of the actor's.

    `endpoint`, `p256dh` and `auth` are what the browser's PushManager gave
    (base64url keys). An endpoint already saved, for this account or another
    (one browser, signed in by someone else before), is moved to the actor
    with the new keys. Raises PermissionDenied for anyone but a patient,
    ValidationError when notifications are not set up here or the
    subscription is not a browser's (`push.subscription_check`). Audited as
    NOTIFICATIONS_TURNED_ON with the push service's host only.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    if not push.notifications_available():
        raise ValidationError(gettext("Notifications are not set up on this site."))
    push.subscription_check(endpoint=endpoint, p256dh=p256dh, auth=auth)
    subscription, created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"patient": actor, "p256dh": p256dh, "auth": auth},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.NOTIFICATIONS_TURNED_ON,
            patient=actor,
            extra={"push_service": urlsplit(endpoint).hostname},
        )
    return subscription


@transaction.atomic
def push_subscriptions_forget(*, actor, endpoints) -> int:
    """Turn notifications off for the actor's browsers at these endpoints.

    Only the actor's own: another account's subscription at the same
    address is left alone. Returns how many were deleted; audited as
    NOTIFICATIONS_TURNED_OFF when any was.
    """
    endpoints = [endpoint for endpoint in endpoints if endpoint]
    if not endpoints or actor is None or not actor.is_authenticated:
        return 0
    deleted, _ = PushSubscription.objects.filter(
        patient=actor, endpoint__in=endpoints
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.NOTIFICATIONS_TURNED_OFF,
            patient=actor,
            extra={"browsers": deleted},
        )
    return deleted


# --- The early-recovery daily set -------------------------------------------


@transaction.atomic
def early_recovery_turn(*, actor, on: bool) -> RecoveryProfile:
    """The patient turns the early-recovery daily set on or off.

    Their own only, once they have a profile (ValidationError otherwise).
    Turning it off keeps the entries (they are theirs, in "my data"); it
    only stops asking. Audited as EARLY_RECOVERY_TURNED_ON / _OFF when it
    changes.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    profile = RecoveryProfile.objects.select_for_update().filter(patient=actor).first()
    if profile is None:
        raise ValidationError(gettext("Tell us about yourself first."))
    if profile.early_recovery_on != on:
        profile.early_recovery_on = on
        profile.save(update_fields=["early_recovery_on", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.EARLY_RECOVERY_TURNED_ON
            if on
            else AuditAction.EARLY_RECOVERY_TURNED_OFF,
            patient=actor,
        )
    return profile


def _save_one_a_day(model, *, patient, day, values: dict):
    """Create or update `model`'s one row for (patient, day); (row, created).

    For the models kept once a day by a unique (patient, day) constraint
    (EarlyRecoveryEntry, BodyCheck). Call inside a transaction: today's row
    is locked, or a new one made; a second save of the same day racing this
    one waits on the lock or on the constraint, and then updates that row.
    """
    row = model.objects.select_for_update().filter(patient=patient, day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                return model.objects.create(patient=patient, day=day, **values), True
        except IntegrityError:
            # Another save of the same day won the race: update that one.
            row = model.objects.select_for_update().get(patient=patient, day=day)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row, False


@transaction.atomic
def early_recovery_entry_save(*, actor, self_harm_thoughts: bool, **symptoms):
    """Save today's early-recovery entry (the patient's today); again updates it.

    `symptoms`: each of EARLY_RECOVERY_SYMPTOMS, 0 to 10. Only while the
    patient has the daily set on (ValidationError otherwise). The answer to
    the self-harm question goes through the check-in's crisis rule
    (flags.services.early_recovery_crisis_sync), in this transaction.
    Audited as EARLY_RECOVERY_SAVED (whether new; no answers). Returns
    (entry, created).
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    profile = RecoveryProfile.objects.filter(patient=actor).first()
    if profile is None or not profile.early_recovery_on:
        raise ValidationError(gettext("Turn on the daily set first."))
    if set(symptoms) != set(EARLY_RECOVERY_SYMPTOMS):
        raise ValidationError(gettext("Answer every question."))
    errors = {
        name: gettext("Choose a number from 0 to 10.")
        for name, value in symptoms.items()
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10
    }
    if errors:
        raise ValidationError(errors)
    today = today_for(actor)
    entry, created = _save_one_a_day(
        EarlyRecoveryEntry,
        patient=actor,
        day=today,
        values={**symptoms, "self_harm_thoughts": bool(self_harm_thoughts)},
    )
    flag_services.early_recovery_crisis_sync(
        patient=actor,
        entry_id=entry.public_id,
        day=today,
        self_harm_thoughts=entry.self_harm_thoughts,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EARLY_RECOVERY_SAVED,
        patient=actor,
        subject=entry,
        extra={"new": created},
    )
    return entry, created


# --- The body tracker ---------------------------------------------------------


@transaction.atomic
def body_check_save(*, actor, **answers):
    """Save today's weekly body check (the patient's today); again updates it.

    `answers`: each of BODY_CHECK_SYMPTOMS, 0 to 3, and each of
    BODY_CHECK_WARNING_SIGNS, True or False. The answers go through the one
    bladder-check red-flag rule (recovery.body_check.is_red_flag): a red flag
    is evidence on the body red flag (flags.services.body_check_red_flag_sync),
    in this transaction. Audited as BODY_TRACKER_SAVED (whether new; no
    answers). Returns (check, created).
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    if set(answers) != {*BODY_CHECK_SYMPTOMS, *BODY_CHECK_WARNING_SIGNS}:
        raise ValidationError(gettext("Answer every question."))
    errors = {
        name: gettext("Choose one of the answers.")
        for name in BODY_CHECK_SYMPTOMS
        if not isinstance(answers[name], int)
        or isinstance(answers[name], bool)
        or not 0 <= answers[name] <= BODY_CHECK_TOP
    } | {
        name: gettext("Answer yes or no.")
        for name in BODY_CHECK_WARNING_SIGNS
        if not isinstance(answers[name], bool)
    }
    if errors:
        raise ValidationError(errors)
    today = today_for(actor)
    check, created = _save_one_a_day(
        BodyCheck, patient=actor, day=today, values=answers
    )
    flag_services.body_check_red_flag_sync(
        patient=actor,
        check_id=check.public_id,
        day=today,
        red_flag=body_check.is_red_flag(check.answers),
    )
    audit_record(
        actor=actor,
        action=AuditAction.BODY_TRACKER_SAVED,
        patient=actor,
        subject=check,
        extra={"new": created},
    )
    return check, created


# --- The safety plan ---------------------------------------------------------


@transaction.atomic
def safety_plan_save(*, actor, patient, items: dict):
    """Save a patient's safety plan: every step's lines at once.

    `items`: {step key: [line, ...]} in the steps of safety.safety_plan;
    blank lines are dropped, and a line too long, holding a NUL character or
    a step with too many lines is a ValidationError. The patient writes
    their own; a care-team clinician writes it with them while the patient
    shares "safety_plan" (care.policy.may_change), and is recorded as
    `written_with`. Audited as SAFETY_PLAN_SAVED (the patient) or
    SAFETY_PLAN_CLINICIAN_EDITED, with the steps that have lines (no text).
    """
    if not policy.may_change(actor, patient, SAFETY_PLAN):
        raise PermissionDenied
    try:
        cleaned = safety_plan.clean_items(items)
    except ValueError as error:
        raise ValidationError(
            gettext("Something in the plan could not be saved. Please check it.")
        ) from error
    by_patient = policy.is_self(actor, patient)
    plan, created = SafetyPlan.objects.select_for_update().get_or_create(
        patient=patient, defaults={"items": cleaned, "updated_by": actor}
    )
    plan.items = cleaned
    plan.updated_by = actor
    if not by_patient:
        plan.written_with = actor
    plan.save()
    audit_record(
        actor=actor,
        action=AuditAction.SAFETY_PLAN_SAVED
        if by_patient
        else AuditAction.SAFETY_PLAN_CLINICIAN_EDITED,
        patient=patient,
        subject=plan,
        extra={
            "new": created,
            "steps": [key for key, lines in cleaned.items() if lines],
        },
    )
    return plan
