"""What a supporter may see: only what a consent in force grants (care.policy), checked each time."""

import uuid
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import Consent, SupporterLink
from clearhead.care.time_zones import joined_on, time_zone_for, today_for
from clearhead.core import clock
from clearhead.flags import selectors as flag_selectors
from clearhead.flags.definitions import (
    ADHERENCE_DAYS,
    MISSED_CHECKIN_DAYS,
    Audience,
    FlagCode,
    adherence_start,
    flag_kind,
)
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.recovery.sobriety import adherence, adherence_since, sober_count
from clearhead.sharing.alerts import ALERT_KIND, missed_days, supporter_gap_start
from clearhead.sharing.trend import last_week_start, weekly_checkins


def granted_kinds(*, supporter, patient) -> set[str]:
    """What the supporter may see of the patient now (care.policy)."""
    return set(policy.visible_kinds(supporter, patient))


def supporter_overview(*, actor) -> list[dict]:
    """For each person the supporter supports: what they have been granted, and nothing else.

    Each entry: patient, relation, kinds (granted now), waiting (True while
    the patient has signed no consent for this link yet), and as granted:

    * "sober_days": sober_days;
    * "checkin_adherence" (how often, never what): adherence (% of the last
      ADHERENCE_DAYS days), adherence_days, week (`trend.WeeklyCheckIns`:
      this week's and last week's check-in days and the plain trend), and
      last_checkin_at (the instant of the latest check-in, shown in the
      reader's zone);
    * "missed_checkin_alerts": missed (None, or {"days": int, "wording": str}:
      the stored missed_checkins flag, told as the supporter's e-mail tells
      it, `alerts.supporter_gap_start`), missed_after (MISSED_CHECKIN_DAYS)
      and alerts_until (the last day of the latest consent in force that
      grants the e-mail; None when it has no end date).

    What each consent in force grants is care.policy's answer, for every
    linked person at once. Each person whose information is shown gets an
    audit row (SUPPORTER_VIEWED), which appears in that person's "who has
    seen my record".
    """
    links = list(
        SupporterLink.objects.filter(supporter=actor, ended_at=None)
        .select_related("patient")
        .prefetch_related("consents")
    )
    kinds_by_patient = policy.visible_kinds_for(
        actor, [link.patient_id for link in links]
    )
    overview = []
    for link in links:
        kinds = set(kinds_by_patient[link.patient_id])
        entry = {
            "patient": link.patient,
            "kinds": kinds,
            "relation": link.relation,
            "waiting": not link.consents.all(),
        }
        overview.append(entry | _shared_figures(actor, link, kinds))
        if kinds:
            audit_record(
                actor=actor,
                action=AuditAction.SUPPORTER_VIEWED,
                patient=link.patient,
                extra={"kinds": sorted(kinds)},
            )
    audit_record(actor=actor, action=AuditAction.ACCOUNT_VIEWED)
    return overview


def _shared_figures(actor, link: SupporterLink, kinds: set[str]) -> dict:
    patient = link.patient
    figures = {}
    profile = RecoveryProfile.objects.filter(patient=patient).first()
    today = today_for(patient)
    if "sober_days" in kinds and profile:
        use_days = list(
            DailyCheckIn.objects.filter(
                patient=patient, used_ketamine=True
            ).values_list("day", flat=True)
        )
        figures["sober_days"] = sober_count(
            profile.stop_date, use_days, today
        ).current_days
    if "checkin_adherence" in kinds:
        figures |= _checkin_figures(patient, today)
    if ALERT_KIND in kinds:
        consents = _alert_consents(link, today)
        figures["missed"] = _missed(actor, link, consents, today)
        figures["missed_after"] = MISSED_CHECKIN_DAYS
        figures["alerts_until"] = _last_day(consents)
    return figures


def _checkin_figures(patient, today) -> dict:
    """How often the patient checks in (never what they wrote): "checkin_adherence"."""
    since = min(adherence_start(today), last_week_start(today))
    first_day = joined_on(patient)
    days = set(
        DailyCheckIn.objects.filter(patient=patient, day__gte=since).values_list(
            "day", flat=True
        )
    )
    last = DailyCheckIn.objects.filter(patient=patient).aggregate(
        at=Max(Coalesce("recorded_at", "created_at"))
    )
    return {
        "adherence": adherence(days, today, first_day=first_day),
        "adherence_days": ADHERENCE_DAYS,
        # Later than ADHERENCE_DAYS ago for a patient who joined since.
        "adherence_since": _shorter_since(today, first_day),
        "week": weekly_checkins(days, today),
        "last_checkin_at": last["at"],
    }


def _shorter_since(today, first_day):
    """The adherence window's first day when it is shorter than ADHERENCE_DAYS
    (the patient joined since), else None: pages then say "since <date>"."""
    since = adherence_since(today, first_day)
    return since if since > adherence_start(today) else None


def _alert_consents(link: SupporterLink, today) -> list[Consent]:
    """The link's consents in force on the patient's `today` that grant the e-mail."""
    return [
        consent
        for consent in link.consents.all()
        if ALERT_KIND in consent.kinds and consent.in_force_on(today)
    ]


def _last_day(consents: list[Consent]):
    """The last day any of `consents` is in force; None if one has no end date."""
    ends = [consent.expires_on for consent in consents]
    return None if not ends or None in ends else max(ends)


def _missed(actor, link: SupporterLink, consents: list[Consent], today) -> dict | None:
    """The missed_checkins flag as this supporter is told of it, or None."""
    if not consents:
        return None
    gap_start = supporter_gap_start(
        flag_selectors.flags_for(
            actor=actor, patient=link.patient, audience=Audience.SUPPORTER
        ),
        # The earliest consent in force: the supporter may know from then.
        consent_signed=min(consent.signed_at for consent in consents)
        .astimezone(ZoneInfo(time_zone_for(link.patient)))
        .date(),
        today=today,
    )
    if gap_start is None:
        return None
    return {
        "days": missed_days(gap_start, today),
        "wording": flag_kind(FlagCode.MISSED_CHECKINS).supporter_wording,
    }


def links_for_patient(*, actor):
    """The patient's own supporters, and every code of theirs that still works.

    A pending code is listed until it expires, so the patient can always
    see, and cancel, any code that could still link someone. Audited as
    ACCOUNT_VIEWED.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.ACCOUNT_VIEWED, patient=actor)
    return (
        SupporterLink.objects.filter(patient=actor, ended_at=None)
        .select_related("supporter")
        .prefetch_related("consents")
        .filter(Q(accepted_at__isnull=False) | Q(expires_at__gt=clock.now()))
    )


def pending_link_for_patient(*, patient, public_id) -> SupporterLink | None:
    """One of the patient's own codes, not yet used nor cancelled, or None."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return SupporterLink.objects.filter(
        patient=patient, public_id=public_id, accepted_at=None, ended_at=None
    ).first()


def link_for_patient(*, patient, public_id) -> SupporterLink | None:
    """One of the patient's own links, or None (consent_sign checks the rest)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return SupporterLink.objects.filter(patient=patient, public_id=public_id).first()


def consent_for_patient(*, patient, public_id) -> Consent | None:
    """One of the patient's own consents, or None."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Consent.objects.filter(patient=patient, public_id=public_id).first()
