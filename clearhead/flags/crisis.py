"""What a patient in crisis is told about their care team, and "tell them now".

When a check-in (or a PHQ-9 the patient saved) raises a crisis flag, the
patient sees, beside the help lines, whether their care team will be told:

* TOLD: a consent in force covers it (`alerts.covering_enrollments`); the
  care team is e-mailed within one worker pass.
* NOT_TOLD: they have a care team, but no consent covers it. They are offered
  one tap, "Tell my care team now": a consent to this one disclosure
  (care.services.disclosure_consent_sign), after which the next pass e-mails.
* NO_TEAM: no program, or no one on its care team; only the help lines.
* SEEN: someone on the care team has marked the flag reviewed (when:
  `flag.reviewed_at`); checked first, since nothing more will be sent.

A check-in made offline raises no flag until it is sent, so the check-in
page says beforehand what will happen (`offline_care_team_status`): TOLD once
back online if the patient shares check-in summaries with a care team,
NOT_TOLD (they can ask once back online) if not, NO_TEAM otherwise.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from clearhead.care import policy
from clearhead.care import services as care_services
from clearhead.care.models import Consent, Enrollment
from clearhead.care.time_zones import today_for
from clearhead.flags import services as flag_services
from clearhead.flags.alerts import CRISIS, SHARED_KIND, covering_enrollments
from clearhead.flags.models import Flag

DISCLOSURE_KIND = "crisis_disclosure"
# The consent's end, as an event (a consent must say until when). Stored on
# the consent in the words the patient read (str()), like its other text.
DISCLOSURE_ENDS = gettext_lazy(
    "when my care team has reviewed this alert, or I revoke it"
)


class CareTeamStatus(StrEnum):
    TOLD = "told"
    NOT_TOLD = "not_told"
    NO_TEAM = "no_team"
    SEEN = "seen"


def _enrollments_with_a_team(patient) -> list[Enrollment]:
    """The patient's active enrollments with someone on their current care team."""
    return list(policy.enrollments_with_a_current_care_team(patient))


def own_open_crisis(*, actor, public_id=None) -> Flag | None:
    """The patient's own open crisis flag (with `public_id`: that one, or 404).

    Only the patient themselves: anyone else gets PermissionDenied; another
    patient's flag, or one no longer open, is a 404.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    flags = Flag.objects.filter(patient=actor, kind=CRISIS, cleared_at=None)
    if public_id is None:
        return flags.first()
    return get_object_or_404(flags, public_id=public_id)


def care_team_status(*, actor, flag: Flag) -> CareTeamStatus:
    """Whether the patient's care team will be told of this crisis flag."""
    if not policy.is_self(actor, flag.patient):
        raise PermissionDenied
    if flag.reviewed_at is not None:
        return CareTeamStatus.SEEN
    with_a_team = {e.pk for e in _enrollments_with_a_team(actor)}
    if not with_a_team:
        return CareTeamStatus.NO_TEAM
    # Told only if a consent covers it with a program someone can be e-mailed in.
    if with_a_team & {e.pk for e in covering_enrollments([flag])[flag.pk]}:
        return CareTeamStatus.TOLD
    return CareTeamStatus.NOT_TOLD


def offline_care_team_status(*, actor) -> CareTeamStatus:
    """What the offline crisis box says will happen once the check-in is sent.

    TOLD if a consent in force shares "checkin_summary" with a care team
    (crisis alerts are part of it), NOT_TOLD if there is a care team but no
    such consent, NO_TEAM otherwise. PermissionDenied unless a patient.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    enrollments = _enrollments_with_a_team(actor)
    if not enrollments:
        return CareTeamStatus.NO_TEAM
    today = today_for(actor)
    kinds = policy.care_team_kinds({e.pk: today for e in enrollments})
    if any(SHARED_KIND in shared for shared in kinds.values()):
        return CareTeamStatus.TOLD
    return CareTeamStatus.NOT_TOLD


def crisis_context(*, actor) -> dict:
    """For the patient's crisis box: {"crisis_flag": Flag|None, "care_team": status}."""
    flag = own_open_crisis(actor=actor)
    if flag is None:
        return {"crisis_flag": None, "care_team": None}
    return {"crisis_flag": flag, "care_team": care_team_status(actor=actor, flag=flag)}


@transaction.atomic
def crisis_tell_care_team(*, actor, flag: Flag) -> int:
    """The patient asks for their care team to be told of this one crisis flag.

    Signs a consent to this one disclosure with each care team not yet
    covered; the worker's next pass e-mails them. A second tap adds nothing.
    Audited as CONSENT_SIGNED per consent. Returns how many were signed.
    PermissionDenied unless `actor` is the flag's patient.
    """
    if not policy.is_self(actor, flag.patient):
        raise PermissionDenied
    covered = {e.pk for e in covering_enrollments([flag])[flag.pk]}
    signed = 0
    for enrollment in _enrollments_with_a_team(actor):
        if enrollment.pk in covered:
            continue
        care_services.disclosure_consent_sign(
            actor=actor,
            enrollment=enrollment,
            kind=DISCLOSURE_KIND,
            record_id=flag.public_id,
            expiry_event=str(DISCLOSURE_ENDS),
        )
        signed += 1
    if signed:
        flag_services.caseload_entries_refresh(patient_ids=[actor.pk])
    return signed


# Revoking "tell my care team now". 42 CFR Part 2 (§ 2.31) lets a patient
# revoke a consent at any time, except for what was already done on it. So
# the consent is listed on the patient's "My care team" page with a Revoke
# button: revoked, the care team no longer sees the alert (policy reads only
# consents in force) and gets no more e-mails about it; what they were
# already told cannot be taken back, and the page says so.


def disclosures_in_force(*, actor) -> list[Consent]:
    """The patient's own "tell my care team now" consents not yet revoked.

    Newest first, each with `enrollment.program`. PermissionDenied unless a
    patient.
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    return list(
        Consent.objects.filter(
            patient=actor,
            enrollment__isnull=False,
            record_id__isnull=False,
            kinds=[DISCLOSURE_KIND],
            revoked_at=None,
        ).select_related("enrollment__program")
    )


def disclosure_revoke(*, actor, public_id) -> Consent:
    """Revoke one of the patient's own "tell my care team now" consents.

    Another's consent, or one that is not such a disclosure, is a 404; one
    already revoked is returned as it is. Audited as CONSENT_REVOKED
    (care.services.consent_revoke).
    """
    if not policy.is_patient(actor):
        raise PermissionDenied
    consent = get_object_or_404(
        Consent,
        patient=actor,
        enrollment__isnull=False,
        record_id__isnull=False,
        kinds=[DISCLOSURE_KIND],
        public_id=public_id,
    )
    consent = care_services.consent_revoke(actor=actor, consent=consent)
    flag_services.caseload_entries_refresh(patient_ids=[actor.pk])
    return consent
