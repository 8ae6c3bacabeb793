"""What a supporter may see: only what an active consent grants, checked each time."""

import uuid
from datetime import date, timedelta

from django.db.models import Q

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care.models import Consent, SupporterLink
from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.recovery.sobriety import adherence, sober_count


def active_consents(*, supporter, patient=None) -> list[Consent]:
    """Consents in force now for this supporter (of one patient, if given).

    Revocation and the link are checked in the query; the end date on each
    patient's own today (care.time_zones.today_for), so a consent ends at
    midnight where the patient lives, not at midnight UTC.
    """
    consents = Consent.objects.filter(
        link__supporter=supporter, link__ended_at=None, revoked_at=None
    ).select_related("patient", "link")
    if patient is not None:
        consents = consents.filter(patient=patient)
    todays: dict[int, date] = {}
    in_force = []
    for consent in consents:
        if consent.patient_id not in todays:
            todays[consent.patient_id] = today_for(consent.patient)
        if consent.in_force_on(todays[consent.patient_id]):
            in_force.append(consent)
    return in_force


def granted_kinds(*, supporter, patient) -> set[str]:
    return {
        kind
        for consent in active_consents(supporter=supporter, patient=patient)
        for kind in consent.kinds
    }


def supporter_overview(*, actor) -> list[dict]:
    """For each person the supporter supports: what they have been granted, and nothing else.

    Each person whose information is shown gets an audit row (SUPPORTER_VIEWED),
    which appears in that person's "who has seen my record".
    """
    by_patient: dict = {}
    for consent in active_consents(supporter=actor):
        entry = by_patient.setdefault(
            consent.patient_id,
            {
                "patient": consent.patient,
                "kinds": set(),
                "relation": consent.link.relation,
            },
        )
        entry["kinds"].update(consent.kinds)
    links = SupporterLink.objects.filter(supporter=actor, ended_at=None).select_related(
        "patient"
    )
    overview = []
    for link in links:
        entry = by_patient.get(
            link.patient_id,
            {"patient": link.patient, "kinds": set(), "relation": link.relation},
        )
        overview.append(entry | _shared_figures(entry["patient"], entry["kinds"]))
        if entry["kinds"]:
            audit_record(
                actor=actor,
                action=AuditAction.SUPPORTER_VIEWED,
                patient=entry["patient"],
                extra={"kinds": sorted(entry["kinds"])},
            )
    return overview


def _shared_figures(patient, kinds: set[str]) -> dict:
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
        days = set(
            DailyCheckIn.objects.filter(
                patient=patient, day__gte=today - timedelta(days=13)
            ).values_list("day", flat=True)
        )
        figures["adherence"] = adherence(days, today)
    return figures


def links_for_patient(*, patient):
    """The patient's supporters, and every code of theirs that still works.

    A pending code is listed until it expires, so the patient can always
    see, and cancel, any code that could still link someone.
    """
    return (
        SupporterLink.objects.filter(patient=patient, ended_at=None)
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
