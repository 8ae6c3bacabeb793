"""Crisis alerts: the care team is e-mailed to sign in, within one worker pass.

Each pass finds every open crisis flag nobody on the care team has reviewed,
whose patient lets that care team know of it: a consent in force that shares
"checkin_summary" (the consent page says crisis alerts are part of it), or a
consent to this one disclosure ("tell my care team now"). It claims the send
in the database with one conditional UPDATE, so two workers never both send,
then queues one e-mail per clinician.

Who is told: the enrollment's current care team (`policy.current_care_team`:
assigned to the patient and still a member of the program). The first e-mail
and every re-send go to all of them: they are the only people the patient's
consent names, and the only staff who could open the link. Program staff not
on the care team are never told (they may not see the patient). While the
flag stays unreviewed, the e-mail goes again every CRISIS_RESEND_AFTER.

The e-mail names no patient and no clinical detail: an e-mail leaves our
control, and even "who is in this program" is protected by 42 CFR Part 2.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from clearhead.accounts.models import User
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import Enrollment
from clearhead.care.time_zones import todays_for
from clearhead.flags.definitions import CRISIS_RESEND_AFTER, FlagCode
from clearhead.flags.models import Flag

CRISIS = FlagCode.CRISIS
SHARED_KIND = "checkin_summary"


def _due(now: datetime) -> Q:
    """Open, unreviewed crisis flags never sent, or last sent long enough ago."""
    return Q(kind=CRISIS, cleared_at=None, reviewed_at=None) & (
        Q(notified_at=None) | Q(notified_at__lte=now - CRISIS_RESEND_AFTER)
    )


def covering_enrollments(flags: list[Flag]) -> dict[int, list[Enrollment]]:
    """For each flag, the active enrollments whose care team may be told of it.

    {flag pk: [Enrollment]}: those whose consent in force shares
    "checkin_summary", or discloses this one flag. A fixed number of queries.
    """
    patient_ids = {flag.patient_id for flag in flags}
    enrollments = list(
        Enrollment.objects.filter(
            patient_id__in=patient_ids, status=Enrollment.Status.ACTIVE
        )
    )
    patient_todays = todays_for(patient_ids)
    todays = {e.pk: patient_todays[e.patient_id] for e in enrollments}
    kinds = policy.care_team_kinds(todays)
    disclosed = policy.care_team_disclosures(todays)
    return {
        flag.pk: [
            e
            for e in enrollments
            if e.patient_id == flag.patient_id
            and (SHARED_KIND in kinds[e.pk] or str(flag.public_id) in disclosed[e.pk])
        ]
        for flag in flags
    }


def care_team_recipients(enrollments: list[Enrollment]) -> list[User]:
    """The current care teams of `enrollments`, each clinician once, active only."""
    found: dict[int, User] = {}
    for enrollment in enrollments:
        for clinician in policy.current_care_team(enrollment).filter(is_active=True):
            found.setdefault(clinician.pk, clinician)
    return list(found.values())


def crisis_alerts_schedule_due(now: datetime) -> int:
    """Queue the crisis e-mails that are due; return how many were queued.

    Called by the worker every pass. A flag no consent covers is left
    unsent (and is sent in the first pass after a consent covers it).
    Audited as CRISIS_ALERT_SENT per flag sent (recipients counted, not
    named in the audit's extra).
    """
    flags = list(Flag.objects.filter(_due(now)).select_related("patient"))
    if not flags:
        return 0
    covering = covering_enrollments(flags)
    queued = 0
    for flag in flags:
        recipients = care_team_recipients(covering[flag.pk])
        if recipients and _claim(flag, now, recipients):
            queued += len(recipients)
    return queued


def _claim(flag: Flag, now: datetime, recipients: list[User]) -> bool:
    """Mark the flag sent, unless another worker (or a review) got there first."""
    with transaction.atomic():
        claimed = Flag.objects.filter(_due(now), pk=flag.pk).update(
            notified_at=now, notifications=F("notifications") + 1
        )
        if not claimed:
            return False
        audit_record(
            actor=None,
            action=AuditAction.CRISIS_ALERT_SENT,
            patient=flag.patient,
            subject=flag,
            extra={
                "recipients": len(recipients),
                "send": flag.notifications + 1,
            },
        )
        for clinician in recipients:
            send_crisis_alert.enqueue(flag_id=flag.pk, clinician_id=clinician.pk)
    return True


def alert_message(*, enrollment: Enrollment | None) -> tuple[str, str]:
    """The e-mail's subject and body: a link to sign in, and nothing clinical."""
    path = (
        reverse("clinic:patient_detail", args=[enrollment.public_id])
        if enrollment is not None
        else reverse("clinic:caseload")
    )
    context = {
        "url": f"{settings.CLEARHEAD_BASE_URL}{path}",
        "resend_hours": int(CRISIS_RESEND_AFTER.total_seconds() // 3600),
    }
    subject = render_to_string("flags/emails/crisis_alert.subject.txt", context)
    body = render_to_string("flags/emails/crisis_alert.txt", context)
    return " ".join(subject.split()), body


@task()
def send_crisis_alert(flag_id: int, clinician_id: int) -> None:
    """E-mail one clinician to sign in: sent only if they may still be told.

    Checked again when sent (a worker may run the task later than the
    claim): the flag still open, the clinician active and still on the care
    team of an enrollment whose consent in force covers the flag.
    """
    flag = Flag.objects.filter(pk=flag_id, cleared_at=None).first()
    clinician = User.objects.filter(pk=clinician_id, is_active=True).first()
    if flag is None or clinician is None:
        return
    covering = [e.pk for e in covering_enrollments([flag])[flag.pk]]
    enrollment = (
        policy.enrollments_visible_to(clinician).filter(pk__in=covering).first()
    )
    if enrollment is None:
        # Removed from the care team or the program, or the patient's
        # consent withdrawn, since the claim.
        return
    subject, body = alert_message(enrollment=enrollment)
    send_mail(
        subject=subject,
        message=body,
        from_email=None,
        recipient_list=[clinician.email],
    )
