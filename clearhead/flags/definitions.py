"""One home for Clearhead's clinical definitions: thresholds, windows, flags.

Every page, alert, export and rule reads these names; no other module writes
a clinical threshold or a flag's code, label or wording as a literal
(`flags/tests/test_one_definition.py` keeps it so). The rules that use them
are in `flags.rules`; to change a threshold is to change it here, once.

"Today" for a patient is `care.time_zones.today_for` (midnight where the
patient lives); it is re-exported here so a reader of the definitions finds
it beside the windows counted from it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from clearhead.care.policy import PROGRAM_RECORDS
from clearhead.care.time_zones import today_for

__all__ = [
    "ADHERENCE_DAYS",
    "CRISIS_RESEND_AFTER",
    "EARLY_RECOVERY_WEEKS",
    "FLAG_KINDS",
    "HIGH_CRAVING",
    "LATE_CHECKIN_DAYS",
    "LOOKBACK_DAYS",
    "LOW_CONFIDENCE",
    "LOW_MOOD",
    "MISSED_CHECKIN_DAYS",
    "OFFLINE_CHECKIN_DAYS",
    "RECENT_DAYS",
    "RISING_CRAVING_POINTS",
    "Audience",
    "FlagCode",
    "FlagKind",
    "flag_kind",
    "today_for",
]

# --- Thresholds and windows (days are the patient's own calendar days) -----

# The rules read the last two weeks. An older check-in only tells how long
# the silence has lasted.
LOOKBACK_DAYS = 14
# "Recent": today and the 6 days before. A lapse or a crisis this week, the
# patient page's "recent lapse", the clinician plan's "recent lapse".
RECENT_DAYS = 7
# Whole days with no check-in before a clinician is flagged and a supporter
# (who may be told) is e-mailed, the same day (rules.missed_since).
MISSED_CHECKIN_DAYS = 3
# A craving at or above this, in two of the last three check-ins.
HIGH_CRAVING = 7
# Confidence at or below this, in the latest check-in.
LOW_CONFIDENCE = 3
# A mood at or below this (1 "Very low" to 5 "Very good") in a check-in: the
# page after it offers a call to someone the patient chose (recovery.next_step).
LOW_MOOD = 2
# This week's mean craving at least this many points above last week's.
RISING_CRAVING_POINTS = 2
# Check-in adherence is the share of these last days (today included) with one;
# for a patient who joined since, of the days since they joined (the account's
# date_joined in their zone: recovery.sobriety.adherence_since).
ADHERENCE_DAYS = 14
# A crisis flag nobody has reviewed is e-mailed to the care team again after this.
CRISIS_RESEND_AFTER = timedelta(hours=12)
# A patient may log a missed check-in this many days late, once, marked late.
LATE_CHECKIN_DAYS = 1
# A check-in made offline (dated by the phone's clock) is accepted this many
# days after it was made: as far back as the rules read, so a self-harm answer
# kept on a phone through a few days without signal still raises its flag.
OFFLINE_CHECKIN_DAYS = LOOKBACK_DAYS
# The early-recovery daily set (recovery.EarlyRecoveryEntry: anxiety, low
# mood, sleep, fatigue, irritability, craving) is offered for this many weeks
# from the day the patient stopped (their profile's stop date, or the start
# of their current sober run after a lapse). Eight weeks follows the
# early-recovery window of the daily-symptom study in clinical-facts.md
# (section 5: adults 1-8 weeks abstinent); a design choice [D] to review with
# clinicians, since how long ketamine's after-effects last is not well
# studied (section 4.4). A patient who turned it on keeps it after that until
# they turn it off.
EARLY_RECOVERY_WEEKS = 8


def recent_start(today: date) -> date:
    """The first day of the RECENT_DAYS window ending `today` (included)."""
    return today - timedelta(days=RECENT_DAYS - 1)


def adherence_start(today: date) -> date:
    """The first day of the ADHERENCE_DAYS window ending `today` (included)."""
    return today - timedelta(days=ADHERENCE_DAYS - 1)


# --- The flag vocabulary ------------------------------------------------


class FlagCode(StrEnum):
    """The stored code of each kind of flag (FLAG_KINDS gives its words)."""

    CRISIS = "crisis"
    BODY_RED_FLAG = "body_red_flag"
    POSITIVE_DRUG_TEST = "positive_drug_test"
    LAPSE = "lapse"
    HIGH_CRAVING = "high_craving"
    RISING_CRAVING = "rising_craving"
    LOW_CONFIDENCE = "low_confidence"
    MISSED_CHECKINS = "missed_checkins"


class Audience(StrEnum):
    """Who reads a flag: the patient, their care team, or a supporter."""

    PATIENT = "patient"
    CARE_TEAM = "care_team"
    SUPPORTER = "supporter"


@dataclass(frozen=True)
class FlagKind:
    """One kind of flag, as every audience names it.

    `urgency`: 0 is the most urgent (the caseload sorts by it).
    `needs`: the care.policy kind a care-team reader must be able to see.
    `supporter_needs`: the kind a supporter must be granted ("" = never shown).
    `supporter_wording`: what a supporter reads of it, on their page and in
    their e-mail: plain, kind, no clinical detail ("" for kinds they never see).
    `expires_unreviewed`: whether the flag may lapse with its window while
    no one on the care team has reviewed it (a crisis never does).
    The words are marked for translation (lazy: in the reader's language
    when shown); the code never is.
    """

    code: str
    urgency: int
    clinician_label: str
    patient_heading: str
    patient_wording: str
    audiences: frozenset
    needs: str
    supporter_needs: str = ""
    supporter_wording: str = ""
    expires_unreviewed: bool = True

    def kind_needed(self, audience: Audience) -> str | None:
        """The care.policy kind `audience` must hold; None: their own, always."""
        if audience == Audience.PATIENT:
            return None
        if audience == Audience.SUPPORTER:
            return self.supporter_needs
        return self.needs


_EVERYONE_BUT_SUPPORTERS = frozenset({Audience.PATIENT, Audience.CARE_TEAM})

FLAG_KINDS: tuple[FlagKind, ...] = (
    FlagKind(
        code=FlagCode.CRISIS,
        urgency=0,
        clinician_label=_("Crisis"),
        patient_heading=_("You mentioned thoughts of harming yourself"),
        patient_wording=_(
            "You do not have to deal with this alone. Please reach out to one of "
            "the help lines below, or to someone you trust, today."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs="checkin_summary",
        expires_unreviewed=False,
    ),
    FlagKind(
        code=FlagCode.BODY_RED_FLAG,
        urgency=1,
        clinician_label=_("Body red flag"),
        patient_heading=_("Your body check needs a doctor soon"),
        patient_wording=_(
            "Some of the symptoms you ticked need medical care. Tell the doctor "
            "that you have used ketamine."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs="checkin_summary",
    ),
    FlagKind(
        code=FlagCode.POSITIVE_DRUG_TEST,
        urgency=2,
        clinician_label=_("Positive drug test"),
        patient_heading=_("A recent drug test found ketamine"),
        patient_wording=_(
            "A lapse is information, not failure. Your care team will talk it "
            "through with you and help you update your plan."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs=PROGRAM_RECORDS,
        expires_unreviewed=False,
    ),
    FlagKind(
        code=FlagCode.LAPSE,
        urgency=3,
        clinician_label=_("Lapse"),
        patient_heading=_("You used ketamine this week"),
        patient_wording=_(
            "A lapse is information, not failure. Think about what led up to it, "
            "then update your plan. It may help to ask your care team about more "
            "support for a while."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs="checkin_summary",
    ),
    FlagKind(
        code=FlagCode.HIGH_CRAVING,
        urgency=4,
        clinician_label=_("High craving"),
        patient_heading=_("Cravings have been strong"),
        patient_wording=_(
            "Try riding out the urge: cravings rise, peak and fade, often within "
            "half an hour. Call someone on your list, or use a coping tool."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs="checkin_summary",
    ),
    FlagKind(
        code=FlagCode.RISING_CRAVING,
        urgency=5,
        clinician_label=_("Rising craving"),
        patient_heading=_("Cravings are creeping up"),
        patient_wording=_(
            "Your cravings are higher than last week. Look at your triggers and "
            "plan how you will handle the next few days."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs="checkin_summary",
    ),
    FlagKind(
        code=FlagCode.LOW_CONFIDENCE,
        urgency=6,
        clinician_label=_("Low confidence"),
        patient_heading=_("You are feeling less sure"),
        patient_wording=_(
            "Read your reasons for recovery, and talk with someone you trust "
            "about how you feel."
        ),
        audiences=_EVERYONE_BUT_SUPPORTERS,
        needs="checkin_summary",
    ),
    FlagKind(
        code=FlagCode.MISSED_CHECKINS,
        urgency=7,
        clinician_label=_("Missed check-ins"),
        patient_heading=_("We have not heard from you for a few days"),
        patient_wording=_(
            "No judgment. A quick check-in helps you spot patterns before they grow."
        ),
        audiences=frozenset(Audience),
        needs="checkin_summary",
        supporter_needs="missed_checkin_alerts",
        supporter_wording=_(
            "This does not mean something is wrong. People take breaks, lose "
            'their phone, or get busy. A short, kind message ("Thinking of you. '
            'How are you doing?") can help more than questions about why.'
        ),
    ),
)

FLAG_KINDS_BY_CODE = {kind.code: kind for kind in FLAG_KINDS}
FLAG_CODES = tuple(kind.code for kind in FLAG_KINDS)
# Raised and cleared by the check-in rules (flags.rules.early_warnings).
CHECKIN_CODES = tuple(c for c in FLAG_CODES if c != FlagCode.POSITIVE_DRUG_TEST)


def flag_kind(code: str) -> FlagKind:
    """The FlagKind of `code`; KeyError for an unknown code."""
    return FLAG_KINDS_BY_CODE[code]


def urgency(code: str) -> int:
    """0 is the most urgent; an unknown code sorts after every known one."""
    kind = FLAG_KINDS_BY_CODE.get(code)
    return kind.urgency if kind else len(FLAG_KINDS)
