"""Build a patient's FHIR R4 Bundle for their care team. Reads only; audited."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import Enrollment
from clearhead.care.policy import is_patient
from clearhead.care.time_zones import today_for
from clearhead.clinic.models import PlanGoal, PlanPhase
from clearhead.clinic.selectors import screening_results_for_care_team
from clearhead.core import clock
from clearhead.core.languages import ENGLISH
from clearhead.flags import selectors as flag_selectors
from clearhead.flags.definitions import Audience
from clearhead.interop import fhir
from clearhead.recovery.body_check import advice as body_advice
from clearhead.recovery.models import (
    BodyCheck,
    DailyCheckIn,
    EarlyRecoveryEntry,
    RecoveryProfile,
    SafetyPlan,
)
from clearhead.safety import safety_plan
from clearhead.screening.instruments import INSTRUMENTS
from clearhead.screening.models import ScreeningResult


def _body_checks(patient, subject: str, base: str) -> list[dict]:
    """The weekly body checks, each with its red-flag rule's advice."""
    return [
        fhir.body_check_observation(c, body_advice(c.answers)["advice"], subject, base)
        for c in BodyCheck.objects.filter(patient=patient)
    ]


# A FHIR export is the same in every reader's language: its words are English.
@translation.override(ENGLISH)
def patient_bundle(*, actor, enrollment) -> dict:
    """Everything the care team may see about the patient, as a collection Bundle.

    The program's own records (intake, plan, appointments, tests, results it
    administered) are always included; check-ins, self-taken checks, the
    early-recovery daily set, the weekly body checks, the safety plan (a
    CarePlan) and the patient's phone (Patient.telecom) only when the patient
    shares them.
    Audited as FHIR_EXPORTED.
    """
    kinds = policy.enrollment_kinds(actor, enrollment)
    if policy.PROGRAM_RECORDS not in kinds:
        raise PermissionDenied
    patient = enrollment.patient
    subject = str(patient.public_id)
    base = settings.CLEARHEAD_BASE_URL
    phone = _own_phone(patient) if "contact_details" in kinds else ""
    resources = [fhir.patient(patient, base, phone)]
    for result in screening_results_for_care_team(actor=actor, enrollment=enrollment):
        instrument = INSTRUMENTS[result.instrument_id]
        resources.append(fhir.questionnaire_response(result, instrument, subject, base))
        resources.append(fhir.score_observation(result, instrument, subject, base))
    if "checkins" in kinds:
        resources += [
            fhir.checkin_observation(c, subject, base)
            for c in DailyCheckIn.objects.filter(patient=patient)
        ]
    if "early_recovery" in kinds:
        resources += [
            fhir.early_recovery_observation(e, subject, base)
            for e in EarlyRecoveryEntry.objects.filter(patient=patient)
        ]
    if "body_symptoms" in kinds:
        resources += _body_checks(patient, subject, base)
    if "safety_plan" in kinds:
        resources += _safety_plan_resources(patient, subject, base)
    resources += _program_resources(enrollment, subject)
    disclosed = policy.care_team_disclosures({enrollment.pk: today_for(patient)})[
        enrollment.pk
    ]
    resources += _flag_resources(
        flag_selectors.flags_for_export(
            patient=patient,
            audience=Audience.CARE_TEAM,
            kinds=kinds,
            disclosed=frozenset(disclosed),
        ),
        resources,
        subject,
        base,
    )
    audit_record(
        actor=actor,
        action=AuditAction.FHIR_EXPORTED,
        patient=patient,
        subject=enrollment,
        extra={"resources": len(resources)},
    )
    return fhir.bundle(resources, str(uuid.uuid4()), clock.now(), base)


def _own_phone(patient) -> str:
    """The patient's own phone as stored on their profile, or ""."""
    return (
        RecoveryProfile.objects.filter(patient=patient)
        .values_list("phone", flat=True)
        .first()
        or ""
    )


@translation.override(ENGLISH)
def own_bundle(*, actor) -> dict:
    """Everything about the patient, for the patient: their right of access.

    Their own entries and every program's records of their care, in one
    Bundle they can take to another clinic or app. Audited as DATA_EXPORTED.
    """
    if not is_patient(actor):
        raise PermissionDenied
    subject = str(actor.public_id)
    base = settings.CLEARHEAD_BASE_URL
    resources = [fhir.patient(actor, base, _own_phone(actor))]
    for result in ScreeningResult.objects.filter(patient=actor):
        instrument = INSTRUMENTS[result.instrument_id]
        resources.append(fhir.questionnaire_response(result, instrument, subject, base))
        resources.append(fhir.score_observation(result, instrument, subject, base))
    resources += [
        fhir.checkin_observation(c, subject, base)
        for c in DailyCheckIn.objects.filter(patient=actor)
    ]
    resources += [
        fhir.early_recovery_observation(e, subject, base)
        for e in EarlyRecoveryEntry.objects.filter(patient=actor)
    ]
    resources += _body_checks(actor, subject, base)
    resources += _safety_plan_resources(actor, subject, base)
    for enrollment in Enrollment.objects.filter(patient=actor).select_related(
        "program"
    ):
        resources += _program_resources(enrollment, subject)
    resources += _flag_resources(
        flag_selectors.flags_for_export(
            patient=actor, audience=Audience.PATIENT, kinds=policy.ALL_KINDS
        ),
        resources,
        subject,
        base,
    )
    audit_record(
        actor=actor,
        action=AuditAction.DATA_EXPORTED,
        patient=actor,
        extra={"format": "fhir", "resources": len(resources)},
    )
    return fhir.bundle(resources, str(uuid.uuid4()), clock.now(), base)


def _safety_plan_resources(patient, subject: str, base: str) -> list[dict]:
    """The patient's safety plan as a CarePlan, if they have written one."""
    plan = (
        SafetyPlan.objects.filter(patient=patient)
        .select_related("written_with")
        .first()
    )
    if plan is None:
        return []
    steps = safety_plan.rows(plan.items)
    return [fhir.safety_plan_care_plan(plan, steps, subject, base)]


def _flag_resources(flags, resources: list[dict], subject: str, base: str):
    """Flags, each pointing (flag-detail) at its evidence among `resources`."""
    present = {r["id"] for r in resources if r["resourceType"] == "Observation"}
    return [
        fhir.flag(f, subject, base, fhir.flag_evidence_ids(f.evidence, present))
        for f in flags
    ]


def _program_resources(enrollment, subject: str) -> list[dict]:
    """A program's own records of one enrollment: plan, appointments, tests."""
    resources = []
    phases = list(PlanPhase.objects.filter(enrollment=enrollment))
    goals = list(PlanGoal.objects.filter(phase__enrollment=enrollment))
    resources += [fhir.goal(g, subject) for g in goals]
    if phases or goals:
        resources.append(fhir.care_plan(enrollment, phases, goals, subject))
    resources += [
        fhir.appointment(a, subject)
        for a in enrollment.appointments.select_related("clinician")
    ]
    for test in enrollment.drug_tests.all():
        resources += fhir.drug_test_observations(test, subject)
    return resources
