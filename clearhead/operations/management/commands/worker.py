"""clearhead worker: queue due reminders and run background tasks, forever.

Run one or more, on one machine or several sharing one database. Each pass
queues the check-in and appointment reminders, the supporters'
missed-check-in e-mails and the care teams' crisis e-mails that have come due, re-evaluates the early-warning
flags of every patient whose day has changed (missed check-ins, windows), seals new audit entries into the
hash chain (logging the head it checkpoints in the data directory), fetches
directory feeds whose refresh interval has passed
(CLEARHEAD_FEED_REFRESH_HOURS), deletes closed referrals past their
program's retention period, computes again the weeks of the outcomes report
that a write or a consent's end left out of date, and runs
every queued task; claims in the database keep any
e-mail from going out twice.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from clearhead.audit.chain import audit_seal
from clearhead.clinic.outcomes import kept_weeks_refresh
from clearhead.clinic.reminders import appointment_reminders_schedule_due
from clearhead.core import clock
from clearhead.directory.feeds import feeds_refresh_due
from clearhead.flags.alerts import crisis_alerts_schedule_due
from clearhead.recovery.reminders import reminders_schedule_due
from clearhead.recovery.services import flags_daily_pass
from clearhead.referrals.services import (
    referrals_close_consent_ended,
    referrals_delete_expired,
)
from clearhead.sharing.alerts import missed_checkin_alerts_schedule_due


class Command(BaseCommand):
    help = "Queue daily check-in reminders and run background tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Do one pass, then exit."
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between passes."
        )

    def handle(self, *args, once, interval, **options):
        if not once:
            # So the terminal of `make run` shows that a worker runs.
            self.stdout.write(
                "Worker started: reminders, supporter alerts and audit sealing "
                f"every {interval} s."
            )
            self.stdout.flush()
        while True:
            now = clock.now()
            # First, so the alerts below read the flags of the patient's new
            # day (a supporter's e-mail is the missed_checkins flag the pass
            # raises), and before the seal, so its writes are sealed with it.
            flags_daily_pass(now)
            # Open referrals whose consent has ended are closed; closed ones
            # past their program's retention period are deleted.
            referrals_close_consent_ended(now)
            referrals_delete_expired(now)
            # Outcome weeks a write or a consent's end left out of date are
            # computed again, so the next report reads them kept.
            kept_weeks_refresh()
            queued = (
                reminders_schedule_due(now)
                + appointment_reminders_schedule_due(now)
                + missed_checkin_alerts_schedule_due(now)
                + crisis_alerts_schedule_due(now)
            )
            if queued:
                # Reminders go by e-mail or as notifications (recovery.reminders).
                self.stdout.write(
                    ngettext(
                        "Queued %(count)d reminder or alert.",
                        "Queued %(count)d reminders and alerts.",
                        queued,
                    )
                    % {"count": queued}
                )
            audit_seal()
            refreshed = feeds_refresh_due(now)
            if refreshed:
                self.stdout.write(
                    f"Refreshed {refreshed} directory feed{'s' if refreshed != 1 else ''}."
                )
            call_command(
                "db_worker",
                batch=True,
                no_startup_delay=True,
                reload=False,
                verbosity=0,
            )
            if once:
                return
            time.sleep(interval)
