"""clearhead audit verify | seal

verify: recompute the audit log's hash chain and name the first broken entry.
seal:   seal events written since the last pass (the worker does this too).
"""

from django.core.management.base import BaseCommand, CommandError

from clearhead.audit.chain import audit_seal, audit_verify


class Command(BaseCommand):
    help = "Verify (or seal) the tamper-evident audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])

    def handle(self, *args, action, **options):
        if action == "seal":
            self.stdout.write(f"Sealed {audit_seal()} audit entries.")
            return
        result = audit_verify()
        if not result.ok:
            event = result.broken
            raise CommandError(
                f"Audit chain broken at entry {event.sequence} ({event.public_id}, "
                f"{event.occurred_at:%Y-%m-%d %H:%M:%S}): {result.problem}. "
                f"{result.checked} entries before it are intact."
            )
        self.stdout.write(
            f"Audit chain intact: {result.checked} entries verified"
            + (f", {result.unsealed} not yet sealed." if result.unsealed else ".")
        )
