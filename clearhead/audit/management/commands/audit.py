"""clearhead audit verify | seal | rotate-key NEW_KEY_FILE

verify: check every audit event's MAC, recompute the hash chain, compare its
        head with the checkpoint in the data directory, and name every entry
        that was changed, removed or forged. --expect-head SEQ:HASH (from a
        "checkpointed" line of the worker's log, kept off the machine) also
        reports a chain or a checkpoint that is behind that head.
seal:   seal events written since the last pass and checkpoint the head (the
        worker does this every pass).
rotate-key: re-MAC every event (and the checkpoint) under the key in
        NEW_KEY_FILE, after checking them all under the current one. Stop the
        app servers and workers first; then set CLEARHEAD_AUDIT_KEY(_FILE) to
        the new key and start them.
"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clearhead.audit.chain import (
    KeyRotationError,
    audit_rotate_key,
    audit_seal,
    audit_verify,
)


class Command(BaseCommand):
    help = "Verify (or seal) the tamper-evident audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal", "rotate-key"])
        parser.add_argument(
            "new_key_file",
            nargs="?",
            type=Path,
            help="rotate-key: a file holding the new key (at least 32 bytes).",
        )
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="verify: a head logged by the worker (or kept elsewhere) that "
            "the chain and the checkpoint must not be behind.",
        )

    def handle(self, *args, action, new_key_file, expect_head=None, **options):
        if action == "rotate-key":
            self._rotate(new_key_file)
            return
        if action == "seal":
            self.stdout.write(f"Sealed {audit_seal()} audit entries.")
            return
        result = audit_verify(_head(expect_head) if expect_head else None)
        if not result.ok:
            problems = "\n".join(f"- {problem}" for problem in result.problems)
            raise CommandError(
                f"The audit log has been tampered with ({len(result.problems)} "
                f"problem{'s' if len(result.problems) != 1 else ''}; "
                f"{result.checked} chain entries verified):\n{problems}"
            )
        checkpoint = result.checkpoint
        self.stdout.write(
            f"Audit chain intact: {result.checked} entries verified"
            + (
                f", head matches the checkpoint (entry {checkpoint.sequence})"
                if checkpoint
                else ""
            )
            + (f", holds the expected head {expect_head}" if expect_head else "")
            + (f", {result.unsealed} not yet sealed." if result.unsealed else ".")
        )

    def _rotate(self, new_key_file: Path | None) -> None:
        if new_key_file is None:
            raise CommandError(
                "Name a file holding the new key: clearhead audit rotate-key FILE "
                "(for example one made with `openssl rand -base64 48 > FILE`)."
            )
        try:
            new_key = new_key_file.read_text()
        except OSError as error:
            raise CommandError(
                f"{new_key_file} cannot be read ({error.strerror})."
            ) from None
        try:
            changed = audit_rotate_key(new_key)
        except KeyRotationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Audit key changed: {changed} entries and the checkpoint now carry "
            f"MACs under the key in {new_key_file}. Set CLEARHEAD_AUDIT_KEY_FILE="
            f"{new_key_file} (in development, copy it to var/audit_key) before "
            "starting the app and the worker again."
        )


HEAD = re.compile(r"(\d+):([0-9a-f]{64})")


def _head(text: str) -> tuple[int, str]:
    match = HEAD.fullmatch(text.strip().lower())
    if match is None or int(match[1]) < 1:
        raise CommandError(
            "--expect-head takes SEQ:HASH as the worker logs it, for example "
            "--expect-head 1042:<64 hexadecimal characters>."
        )
    return int(match[1]), match[2]
