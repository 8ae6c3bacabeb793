"""What a supporter may be shown, in the words the patient signs and reads.

`care.models.SUPPORTER_KINDS` holds the kinds; the missed-check-in alert's
words name its number of days, which is `flags.definitions.MISSED_CHECKIN_DAYS`
(care sits below flags, so the number is put in here, once, for the consent
form and for the consents listed on "Family and friends").
"""

from django.utils.translation import ngettext_lazy

from clearhead.care.models import SUPPORTER_KINDS
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS

MISSED_CHECKIN_ALERTS = "missed_checkin_alerts"
MISSED_CHECKIN_ALERTS_LABEL = ngettext_lazy(
    "An e-mail to them if I miss check-ins for %(days)d day",
    "An e-mail to them if I miss check-ins for %(days)d days in a row",
    "days",
) % {"days": MISSED_CHECKIN_DAYS}


def supporter_kind_label(kind: str):
    """The patient-facing words for one supporter kind; KeyError if unknown.

    Read when shown (lazy), in the reader's language. The other kinds'
    words are care's (`care.models.SUPPORTER_KINDS`).
    """
    if kind == MISSED_CHECKIN_ALERTS:
        return MISSED_CHECKIN_ALERTS_LABEL
    return SUPPORTER_KINDS[kind]


def supporter_kind_choices() -> list[tuple[str, str]]:
    """(kind, words) for every supporter kind, in the order they are offered."""
    return [(kind, supporter_kind_label(kind)) for kind in SUPPORTER_KINDS]
