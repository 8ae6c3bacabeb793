"""E-mails to supporters when a patient misses check-ins, if a consent grants it.

A supporter is told of the STORED missed_checkins flag (the one the care
team sees), never of a count of check-ins made here: `supporter_gap_start`
is the one definition, read by this e-mail and by the supporter's page
(`selectors.supporter_overview`), so both say the same thing on the same
day. The worker claims each alert in the database before queueing the
e-mail, as the check-in reminders do.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import ngettext
from django_tasks import task

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care.models import Consent, active_consents_q
from clearhead.care.time_zones import time_zones_for
from clearhead.flags import selectors as flag_selectors
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS, FlagCode, flag_kind
from clearhead.flags.rules import missed_since
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


def supporter_gap_start(flags, *, consent_signed: date, today: date) -> date | None:
    """The first missed day a supporter is told of, or None: the one definition.

    `flags`: the patient's open flags (stored, holding on `today`), e.g.
    `flags.selectors.flags_for(..., audience=Audience.SUPPORTER)`. Only a
    missed_checkins flag counts, and only its days after the consent was
    signed (`missed_gap_start`): the care team's flag, seen from the day the
    supporter was allowed to know.
    """
    missed = next((f for f in flags if f.kind == FlagCode.MISSED_CHECKINS), None)
    if missed is None:
        return None
    return missed_gap_start(
        last_checkin=missed.since - timedelta(days=1),
        consent_signed=consent_signed,
        today=today,
    )


def missed_days(gap_start: date, today: date) -> int:
    """Days without a check-in from `gap_start` to `today`, both included."""
    return (today - gap_start).days + 1


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
        "wording": flag_kind(FlagCode.MISSED_CHECKINS).supporter_wording,
        "url": f"{settings.CLEARHEAD_BASE_URL}/supporter/",
    }
    send_mail(
        subject=ngettext(
            "%(patient)s has not checked in for %(days)d day",
            "%(patient)s has not checked in for %(days)d days",
            MISSED_CHECKIN_DAYS,
        )
        % {"patient": consent.patient, "days": MISSED_CHECKIN_DAYS},
        message=render_to_string("sharing/emails/missed_checkins.txt", context),
        from_email=None,
        recipient_list=[consent.link.supporter.email],
    )


def missed_checkin_alerts_schedule_due(now: datetime) -> int:
    """Queue an e-mail for each consent whose patient has missed enough days.

    Reads the stored flags of every consenting patient in one query
    (`flags.selectors.open_flags_among`), so it says what the daily pass
    wrote; run it after the pass.
    """
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
    zones = {pid: ZoneInfo(zone) for pid, zone in time_zones_for(patient_ids).items()}
    todays = {pid: now.astimezone(zone).date() for pid, zone in zones.items()}
    open_flags = flag_selectors.open_flags_among(patient_ids, todays)
    queued = 0
    for consent in consents:
        today = todays[consent.patient_id]
        if not consent.in_force_on(today):
            continue
        gap_start = supporter_gap_start(
            open_flags.get(consent.patient_id, []),
            consent_signed=consent.signed_at.astimezone(
                zones[consent.patient_id]
            ).date(),
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
