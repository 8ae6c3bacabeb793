"""E-mails to supporters when a patient misses check-ins, if a consent grants it.

The rule is pure (`missed_gap_start`); the worker claims each alert in the
database before queueing the e-mail, as the check-in reminders do.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django_tasks import task

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care.models import Consent, active_consents_q
from clearhead.care.time_zones import time_zones_for
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS
from clearhead.flags.rules import missed_since
from clearhead.recovery.models import DailyCheckIn
from clearhead.sharing.models import SupporterAlertSent

ALERT_KIND = "missed_checkin_alerts"


def missed_gap_start(
    *, last_checkin: date | None, consent_signed: date, today: date
) -> date | None:
    """The first missed day, by the clinician's rule (`flags.rules.missed_since`).

    The supporter is e-mailed the day the care team is flagged. Days before
    the consent was signed never count: a supporter is told only about what
    happens while they are allowed to know (the silence is counted from the
    day before signing, as if they had checked in then).
    """
    before_signing = consent_signed - timedelta(days=1)
    last_day = before_signing if last_checkin is None else last_checkin
    return missed_since(max(last_day, before_signing), today)


@task()
def send_missed_checkin_alert(consent_id: int) -> None:
    """E-mail the supporter. It says check-ins stopped, and nothing more."""
    consent = (
        Consent.objects.select_related("link__supporter", "patient")
        .filter(pk=consent_id, revoked_at=None)
        .first()
    )
    if consent is None or consent.link.supporter is None:
        return
    context = {
        "patient": consent.patient,
        "days": MISSED_CHECKIN_DAYS,
        "url": f"{settings.CLEARHEAD_BASE_URL}/supporter/",
    }
    send_mail(
        subject=f"{consent.patient} has not checked in for {MISSED_CHECKIN_DAYS} days",
        message=render_to_string("sharing/emails/missed_checkins.txt", context),
        from_email=None,
        recipient_list=[consent.link.supporter.email],
    )


def missed_checkin_alerts_schedule_due(now: datetime) -> int:
    """Queue an e-mail for each consent whose patient has missed enough days."""
    consents = [
        consent
        for consent in Consent.objects.filter(
            # No one's today is more than a day behind UTC's: each consent's
            # end is then read on its patient's own today, below.
            active_consents_q(now.date() - timedelta(days=1)),
            link__isnull=False,
            link__ended_at=None,
            link__supporter__isnull=False,
        )
        if ALERT_KIND in consent.kinds
    ]
    if not consents:
        return 0
    patient_ids = list({consent.patient_id for consent in consents})
    zones = time_zones_for(patient_ids)
    last_days = dict(
        DailyCheckIn.objects.filter(patient_id__in=patient_ids)
        .values("patient_id")
        .annotate(last=Max("day"))
        .values_list("patient_id", "last")
    )
    queued = 0
    for consent in consents:
        zone = ZoneInfo(zones[consent.patient_id])
        today = now.astimezone(zone).date()
        if not consent.in_force_on(today):
            continue
        gap_start = missed_gap_start(
            last_checkin=last_days.get(consent.patient_id),
            consent_signed=consent.signed_at.astimezone(zone).date(),
            today=today,
        )
        if gap_start is not None and _claim(consent, gap_start):
            queued += 1
    return queued


def _claim(consent: Consent, gap_start: date) -> bool:
    try:
        with transaction.atomic():
            SupporterAlertSent.objects.create(consent=consent, gap_start=gap_start)
            audit_record(
                actor=None,
                action=AuditAction.SUPPORTER_ALERTED,
                patient=consent.patient,
                subject=consent,
            )
            send_missed_checkin_alert.enqueue(consent_id=consent.pk)
    except IntegrityError:
        return False  # another worker claimed it
    return True
