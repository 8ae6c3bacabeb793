"""A limit on guessing short codes, counted from refusals in the audit log.

Codes people type (supporter codes, patient invitations) are 8 characters.
Each refusal is audited under its own action, naming no patient; after
`WRONG_CODES_ALLOWED` refusals in `GUESS_WINDOW` every code is refused to that
account until the window has passed. Counting in the database makes the limit
hold across processes and restarts.
"""

from datetime import timedelta

from clearhead.audit.actions import AuditAction
from clearhead.audit.selectors import events_since
from clearhead.core import clock

WRONG_CODES_ALLOWED = 10
GUESS_WINDOW = timedelta(hours=1)
TOO_MANY_WRONG = (
    "Too many codes that did not work. Wait an hour, then try again with the "
    "code exactly as you were given it."
)


def guessing_blocked(*, actor, refused: AuditAction) -> bool:
    """Whether `actor` has had `WRONG_CODES_ALLOWED` `refused` events in the window."""
    since = clock.now() - GUESS_WINDOW
    return events_since(actor=actor, action=refused, since=since) >= WRONG_CODES_ALLOWED
