"""What a supporter may be shown, in the words the patient signs and reads.

`care.models.SUPPORTER_KINDS` holds the kinds; the missed-check-in alert's
words name its number of days, which is `flags.definitions.MISSED_CHECKIN_DAYS`
(care sits below flags, so the number is put in here, once, for the consent
form and for the consents listed on "Family and friends").
"""

from clearhead.care.models import SUPPORTER_KINDS
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS

MISSED_CHECKIN_ALERTS = "missed_checkin_alerts"


def supporter_kind_label(kind: str) -> str:
    """The patient-facing words for one supporter kind; KeyError if unknown."""
    if kind == MISSED_CHECKIN_ALERTS:
        return (
            f"An e-mail to them if I miss check-ins for {MISSED_CHECKIN_DAYS} "
            "days in a row"
        )
    return SUPPORTER_KINDS[kind]


def supporter_kind_choices() -> list[tuple[str, str]]:
    """(kind, words) for every supporter kind, in the order they are offered."""
    return [(kind, supporter_kind_label(kind)) for kind in SUPPORTER_KINDS]
