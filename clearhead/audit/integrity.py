"""What makes the audit log tamper-evident besides the chain: MACs and the checkpoint.

Every event carries, from the moment it is written, an HMAC-SHA256 of its own
content keyed by `CLEARHEAD_AUDIT_KEY`, which lives outside the database and
its backups. Someone who can change the database but does not hold the key
cannot edit an event, or forge one, without `clearhead audit verify` naming it.

The chain (chain.py) fixes the events' order once they are sealed; its head
(sequence and hash) is checkpointed by every sealing pass into a file in the
data directory and the worker's log. Deleting the newest sealed events, or
recomputing the chain after removing one, leaves a database whose head no
longer matches the checkpoint. `clearhead restore` re-anchors the checkpoint
on purpose, and records that it did.
"""

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models

from clearhead.core import clock

logger = logging.getLogger("clearhead.audit")

# The content an event's MAC and its chain hash cover: everything it says.
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
_IP_FIELD = models.GenericIPAddressField(null=True, blank=True)


def canonical(event: Any) -> str:
    """One event's content as canonical JSON, the same before and after saving.

    Works for an unsaved event, one read back from the database, or the
    historical model a migration sees.
    """
    values = {name: getattr(event, name) for name in FIELDS}
    values["public_id"] = str(values["public_id"])
    values["occurred_at"] = event.occurred_at.isoformat()
    values["action"] = int(values["action"])
    # The database stores IPv6 addresses in their compressed form.
    values["ip_address"] = _IP_FIELD.get_prep_value(values["ip_address"])
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)


def _key(key: str | None) -> bytes:
    return (key if key is not None else settings.CLEARHEAD_AUDIT_KEY).encode()


def event_mac(event: Any, key: str | None = None) -> str:
    """The HMAC-SHA256 of one event's content under the audit key."""
    return hmac.new(_key(key), canonical(event).encode(), hashlib.sha256).hexdigest()


def mac_matches(event: Any, key: str | None = None) -> bool:
    return bool(event.mac) and hmac.compare_digest(event.mac, event_mac(event, key))


# The checkpoint: the chain's head, outside the database.


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    written_at: str
    reason: str = "sealed"

    def _message(self) -> bytes:
        return f"{self.sequence}:{self.hash}:{self.written_at}:{self.reason}".encode()

    def mac(self, key: str | None = None) -> str:
        return hmac.new(_key(key), self._message(), hashlib.sha256).hexdigest()


class CheckpointError(ValueError):
    """The checkpoint file exists but cannot be trusted; the message says why."""


def checkpoint_path():
    return settings.AUDIT_CHECKPOINT_FILE


def read_checkpoint() -> Checkpoint | None:
    """The last checkpoint written, None if there is none yet."""
    path = checkpoint_path()
    try:
        data = json.loads(path.read_text())
        checkpoint = Checkpoint(
            sequence=int(data["sequence"]),
            hash=str(data["hash"]),
            written_at=str(data["written_at"]),
            reason=str(data.get("reason", "sealed")),
        )
        mac = str(data["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{path} cannot be read ({error}).") from None
    if not hmac.compare_digest(mac, checkpoint.mac()):
        raise CheckpointError(
            f"{path} was changed by someone without the audit key "
            "(its MAC does not match)."
        )
    return checkpoint


def write_checkpoint(
    sequence: int, chain_hash: str, reason: str = "sealed", key: str | None = None
) -> None:
    """Replace the checkpoint file atomically, and log the head it records."""
    checkpoint = Checkpoint(
        sequence=sequence,
        hash=chain_hash,
        written_at=clock.now().isoformat(),
        reason=reason,
    )
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(
        json.dumps(
            {
                "sequence": checkpoint.sequence,
                "hash": checkpoint.hash,
                "written_at": checkpoint.written_at,
                "reason": checkpoint.reason,
                "mac": checkpoint.mac(key),
            }
        )
        + "\n"
    )
    os.replace(temporary, path)
    # Ship this line off the machine: `clearhead audit verify --expect-head
    # SEQ:HASH` then catches an older database and checkpoint copied back.
    logger.info(
        "Audit chain head checkpointed (%s): entry %s, hash %s "
        "(check later with: clearhead audit verify --expect-head %s:%s).",
        reason,
        sequence,
        chain_hash,
        sequence,
        chain_hash,
    )


def describe(event: Any) -> str:
    """How verification names one event: sequence, public id, database id, time."""
    when = (
        event.occurred_at.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(event.occurred_at, datetime)
        else event.occurred_at
    )
    place = f"entry {event.sequence}" if event.sequence else "unsealed event"
    return f"{place} ({event.public_id}, id {event.pk}, {when})"
