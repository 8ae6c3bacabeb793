"""The audit log as a hash chain: tamper-evident, checked by `clearhead audit verify`.

Events are written without a hash (but with their MAC, see integrity.py), so
writing one costs a plain insert. The worker seals them in order: each sealed
event gets the next sequence number and the SHA-256 of its own fields together
with the previous event's hash. Changing, removing or reordering a sealed event
breaks every hash after it; each pass checkpoints the head outside the
database, so removing the newest events or recomputing the chain shows too.
Verification names every entry that no longer fits.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from clearhead.audit.actions import AuditAction
from clearhead.audit.integrity import (
    Checkpoint,
    CheckpointError,
    canonical,
    checkpoint_path,
    describe,
    event_mac,
    logger,
    mac_matches,
    read_checkpoint,
    write_checkpoint,
)
from clearhead.audit.models import AuditEvent
from clearhead.audit.services import audit_record

GENESIS = "0" * 64
LOCK_KEY = 7_046_113  # any constant: one advisory lock for the chain


def digest(event: AuditEvent, previous: str) -> str:
    """The hash of one event's fields, chained to the previous hash."""
    return hashlib.sha256(f"{previous}:{canonical(event)}".encode()).hexdigest()


def _lock_chain() -> None:
    # SQLite's immediate transactions already let one writer in at a time.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def chain_head() -> tuple[int, str]:
    """The newest sealed entry's sequence and hash; (0, GENESIS) for none."""
    last = AuditEvent.objects.exclude(sequence=None).order_by("-sequence").first()
    return (last.sequence, last.chain_hash) if last else (0, GENESIS)


def _extends(checkpoint: Checkpoint, sequence: int) -> bool:
    """Whether the chain in the database still holds the checkpointed head."""
    if checkpoint.sequence == 0:
        return True
    if sequence < checkpoint.sequence:
        return False
    return AuditEvent.objects.filter(
        sequence=checkpoint.sequence, chain_hash=checkpoint.hash
    ).exists()


def checkpoint_head() -> None:
    """Move the checkpoint to the chain's head, if the chain extends it.

    A chain that no longer holds the checkpointed head (newest entries
    deleted, or the chain recomputed) is left for `clearhead audit verify` to
    report: the sealer never moves the checkpoint over evidence.
    """
    sequence, head_hash = chain_head()
    try:
        checkpoint = read_checkpoint()
    except CheckpointError as error:
        logger.error("Audit checkpoint not updated: %s", error)
        return
    if checkpoint is not None and (checkpoint.sequence, checkpoint.hash) == (
        sequence,
        head_hash,
    ):
        return
    if checkpoint is not None and not _extends(checkpoint, sequence):
        logger.error(
            "Audit checkpoint not updated: the chain in the database no longer "
            "holds the checkpointed entry %s. Run `clearhead audit verify`.",
            checkpoint.sequence,
        )
        return
    if sequence:
        write_checkpoint(sequence, head_hash)


def audit_seal(batch: int = 5000) -> int:
    """Seal unsealed events into the chain, oldest first, and checkpoint the head.

    Returns how many were sealed.
    """
    with transaction.atomic():
        _lock_chain()
        sequence, previous = chain_head()
        pending = list(AuditEvent.objects.filter(sequence=None).order_by("id")[:batch])
        for event in pending:
            sequence += 1
            event.sequence = sequence
            event.chain_hash = previous = digest(event, previous)
        AuditEvent.objects.bulk_update(
            pending, ["sequence", "chain_hash"], batch_size=500
        )
    # After the commit: a checkpoint never runs ahead of the database.
    checkpoint_head()
    return len(pending)


def _reanchor(reason: str) -> Checkpoint:
    """Checkpoint the current head even if it does not extend the old checkpoint."""
    audit_seal()
    sequence, head_hash = chain_head()
    write_checkpoint(sequence, head_hash, reason=reason)
    return read_checkpoint()


def audit_restored(backup_name: str) -> tuple[Checkpoint | None, Checkpoint]:
    """After `clearhead restore`: record the restore, then re-anchor the checkpoint.

    The restored log legitimately ends before the checkpoint (the entries
    written since the backup are gone). The restore event keeps what the
    checkpoint said before (entry and hash) inside the chain itself, and the
    old checkpoint is logged, so a restore is on the record rather than
    reported as tampering. Returns the checkpoints before and after.
    """
    try:
        previous = read_checkpoint()
    except CheckpointError as error:
        logger.error("Audit checkpoint before the restore: %s", error)
        previous = None
    restored_head, _ = chain_head()
    audit_record(
        actor=None,
        action=AuditAction.DATABASE_RESTORED,
        extra={
            "backup": backup_name,
            "restored_head_entry": restored_head,
            "previous_checkpoint_entry": previous.sequence if previous else None,
            "previous_checkpoint_hash": previous.hash if previous else None,
        },
    )
    if previous is not None:
        logger.warning(
            "Database restored from %s: the audit log now ends at entry %s; the "
            "checkpoint recorded entry %s (hash %s). Re-anchoring.",
            backup_name,
            restored_head,
            previous.sequence,
            previous.hash,
        )
    return previous, _reanchor(f"restored from {backup_name}")


class KeyRotationError(RuntimeError):
    """The audit key was not changed; the message says why."""


MINIMUM_KEY_BYTES = 32


def audit_rotate_key(new_key: str) -> int:
    """Re-MAC every event and the checkpoint under `new_key`; returns how many.

    Refuses while any event fails its current MAC, so that a rotation never
    launders an edit. The rotation itself is an audited event, MAC'd under
    the new key. Run it with the app servers and workers stopped, then
    configure the new key and start them again.
    """
    new_key = new_key.strip()
    if len(new_key.encode()) < MINIMUM_KEY_BYTES:
        raise KeyRotationError(
            f"The new audit key must be at least {MINIMUM_KEY_BYTES} random bytes "
            f"(it has {len(new_key.encode())})."
        )
    if new_key == settings.CLEARHEAD_AUDIT_KEY:
        raise KeyRotationError("The new audit key is the key already in use.")
    audit_seal()
    result = audit_verify()
    if not result.ok:
        raise KeyRotationError(
            "The audit log does not verify under the current key; investigate "
            "with `clearhead audit verify` before changing it."
        )
    changed = 0
    with transaction.atomic():
        _lock_chain()
        batch = []
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            event.mac = event_mac(event, new_key)
            batch.append(event)
            if len(batch) == 2000:
                changed += len(batch)
                AuditEvent.objects.bulk_update(batch, ["mac"])
                batch = []
        changed += len(batch)
        AuditEvent.objects.bulk_update(batch, ["mac"])
        rotation = AuditEvent(
            action=AuditAction.AUDIT_KEY_ROTATED, extra={"events_re_macd": changed}
        )
        rotation.mac = event_mac(rotation, new_key)
        rotation.save()
    # Seal the rotation event and checkpoint under the new key.
    with transaction.atomic():
        _lock_chain()
        sequence, previous = chain_head()
        rotation.sequence, rotation.chain_hash = (
            sequence + 1,
            digest(rotation, previous),
        )
        rotation.save(update_fields=["sequence", "chain_hash"])
    write_checkpoint(
        rotation.sequence, rotation.chain_hash, reason="key rotated", key=new_key
    )
    return changed


@dataclass
class Verification:
    checked: int
    unsealed: int
    problems: list[str] = field(default_factory=list)
    # The first sealed entry that does not fit the chain, and what is wrong.
    broken: AuditEvent | None = None
    problem: str = ""
    checkpoint: Checkpoint | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def _chain_problem(self, event: AuditEvent, problem: str, message: str) -> None:
        if self.broken is None:
            self.broken, self.problem = event, problem
        self.problems.append(message)


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"entry {first} is missing"
    return f"entries {first}-{last} are missing"


def audit_verify(expect_head: tuple[int, str] | None = None) -> Verification:
    """Check every event's MAC, the whole chain, and the head against the checkpoint.

    Unlike a first-failure check, every problem found is listed, each naming
    the entries concerned. `expect_head` is a (sequence, hash) kept elsewhere
    (the worker's log shipped off the machine, an operator's copy): the chain
    must still hold it, and the checkpoint must not be behind it, which
    catches an older genuine checkpoint copied back over newer entries.
    """
    result = Verification(checked=0, unsealed=0)
    previous, expected, before = GENESIS, 1, None
    sealed = AuditEvent.objects.exclude(sequence=None).order_by("sequence")
    for event in sealed.iterator(chunk_size=2000):
        if not mac_matches(event):
            result.problems.append(_mac_problem(event))
        if event.sequence != expected:
            problem = _missing(expected, event.sequence - 1)
            after = f" after {describe(before)}" if before else " at the start"
            result._chain_problem(
                event,
                problem,
                f"Audit chain broken: {problem}, deleted{after} and before "
                f"{describe(event)}.",
            )
        elif digest(event, previous) != event.chain_hash:
            result._chain_problem(
                event,
                "its contents do not match its hash",
                f"Audit chain broken at {describe(event)}: its contents do not "
                "match its hash (changed, or the entries before it were).",
            )
        else:
            result.checked += 1
        # Go on from the stored hash, so that later entries are checked too.
        previous, expected, before = event.chain_hash, event.sequence + 1, event
    for event in AuditEvent.objects.filter(sequence=None).order_by("id").iterator():
        result.unsealed += 1
        if not mac_matches(event):
            result.problems.append(_mac_problem(event))
    _check_checkpoint(result, before)
    if expect_head is not None:
        _check_expected_head(result, before, *expect_head)
    return result


def _check_expected_head(
    result: Verification, head: AuditEvent | None, sequence: int, expected: str
) -> None:
    kept = f"the head kept elsewhere (entry {sequence}, hash {expected[:16]}…)"
    head_sequence = head.sequence if head else 0
    if head_sequence < sequence:
        result.problems.append(
            f"Audit log shortened: {_missing(head_sequence + 1, sequence)}; the "
            f"chain ends at entry {head_sequence}, behind {kept}. The newest "
            "entries were deleted."
        )
    else:
        at = AuditEvent.objects.filter(sequence=sequence).first()
        if at is not None and at.chain_hash != expected:
            result.problems.append(
                f"Audit chain rewritten: {describe(at)} has hash "
                f"{at.chain_hash[:16]}…, not the hash of {kept}. Entries up to "
                "it were changed or removed, and the chain recomputed."
            )
    checkpoint = result.checkpoint
    if checkpoint is not None and checkpoint.sequence < sequence:
        result.problems.append(
            f"The audit checkpoint is behind {kept}: it records entry "
            f"{checkpoint.sequence} (written at {checkpoint.written_at}). An "
            "older checkpoint was copied back (after a restore, compare with a "
            "head logged since)."
        )


def _mac_problem(event: AuditEvent) -> str:
    if not event.mac:
        return (
            f"Audit event {describe(event)} has no MAC: it was written around "
            "audit_record(), or its MAC was removed."
        )
    return (
        f"Audit event {describe(event)} was changed after it was written: its "
        "contents (who, whose record, what, when, where from) do not match its "
        "MAC. Either an edit by someone without the audit key, or the key is wrong."
    )


def _check_checkpoint(result: Verification, head: AuditEvent | None) -> None:
    try:
        checkpoint = result.checkpoint = read_checkpoint()
    except CheckpointError as error:
        result.problems.append(f"The audit checkpoint cannot be trusted: {error}")
        return
    if checkpoint is None:
        if head is not None:
            result.problems.append(
                f"No checkpoint of the audit chain's head in {checkpoint_path()}: "
                "deleted newest entries could not be detected. Run verify where "
                "the worker runs (it writes the checkpoint every pass)."
            )
        return
    written = f"the checkpoint written at {checkpoint.written_at}"
    head_sequence = head.sequence if head else 0
    if head_sequence < checkpoint.sequence:
        result.problems.append(
            f"Audit log shortened: {_missing(head_sequence + 1, checkpoint.sequence)}"
            f"; {written} records entry {checkpoint.sequence} but the chain ends "
            f"at entry {head_sequence}. The newest entries were deleted."
        )
        return
    at_checkpoint = AuditEvent.objects.filter(sequence=checkpoint.sequence).first()
    if checkpoint.sequence and at_checkpoint is None:
        return  # already reported as a missing entry
    if checkpoint.sequence and at_checkpoint.chain_hash != checkpoint.hash:
        result.problems.append(
            f"Audit chain rewritten: {describe(at_checkpoint)} has hash "
            f"{at_checkpoint.chain_hash[:16]}…, but {written} recorded "
            f"{checkpoint.hash[:16]}… for it. The chain was recomputed after "
            "entries were changed or removed."
        )
