"""The audit log as a hash chain: tamper-evident, checked by `clearhead audit verify`.

Events are written without a hash, so writing one costs a plain insert. The
worker seals them in order: each sealed event gets the next sequence number
and the SHA-256 of its own fields together with the previous event's hash.
Changing, removing or reordering a sealed event breaks every hash after it,
and verification names the first entry that no longer matches.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction

from clearhead.audit.models import AuditEvent

GENESIS = "0" * 64
FIELDS = (
    "public_id",
    "occurred_at",
    "actor_id",
    "actor_role",
    "patient_id",
    "action",
    "subject_type",
    "subject_id",
    "channel",
    "method",
    "ip_address",
    "extra",
)
LOCK_KEY = 7_046_113  # any constant: one advisory lock for the chain


def digest(event: AuditEvent, previous: str) -> str:
    """The hash of one event's fields, chained to the previous hash."""
    values = {name: getattr(event, name) for name in FIELDS}
    values["public_id"] = str(values["public_id"])
    values["occurred_at"] = event.occurred_at.isoformat()
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{previous}:{canonical}".encode()).hexdigest()


def _lock_chain() -> None:
    # SQLite's immediate transactions already let one writer in at a time.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def audit_seal(batch: int = 5000) -> int:
    """Seal unsealed events into the chain, oldest first. Returns how many."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.exclude(sequence=None).order_by("-sequence").first()
        sequence, previous = (last.sequence, last.chain_hash) if last else (0, GENESIS)
        pending = list(AuditEvent.objects.filter(sequence=None).order_by("id")[:batch])
        for event in pending:
            sequence += 1
            event.sequence = sequence
            event.chain_hash = previous = digest(event, previous)
        AuditEvent.objects.bulk_update(
            pending, ["sequence", "chain_hash"], batch_size=500
        )
    return len(pending)


@dataclass
class Verification:
    checked: int
    unsealed: int
    broken: AuditEvent | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.problem


def audit_verify() -> Verification:
    """Recompute the chain from the start; stop at the first entry that does not fit."""
    previous, expected_sequence, checked = GENESIS, 1, 0
    sealed = AuditEvent.objects.exclude(sequence=None).order_by("sequence")
    for event in sealed.iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return Verification(
                checked, 0, event, f"entry {expected_sequence} is missing"
            )
        if digest(event, previous) != event.chain_hash:
            return Verification(checked, 0, event, "its contents do not match its hash")
        previous, expected_sequence, checked = (
            event.chain_hash,
            expected_sequence + 1,
            checked + 1,
        )
    return Verification(checked, AuditEvent.objects.filter(sequence=None).count())
