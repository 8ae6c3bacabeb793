"""What a flag rests on, as the patient page shows it to the care team.

A flag stores its evidence as [{"type", "id" (public uuid), "day" (ISO)}]
(flags.models.Flag). The page groups it by kind of record and day, so three
check-ins of one evening read as one line, "3 check-ins on 30 Nov 2026",
each with its time of day and, where the team may see the check-ins, a link
to its own row of the check-ins table (`#checkin-<public id>`) and the
answer that raised the flag ("Self-harm thoughts: yes").
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from clearhead.flags.definitions import FlagCode
from clearhead.recovery.models import DailyCheckIn

# Each kind of record a flag rests on: its name, and several of them counted.
_EVIDENCE_NAMES = {
    "checkin": _("Check-in"),
    "drug_test": _("Drug test"),
    "screening_result": _("Screening the patient saved"),
    "early_recovery": _("Early-recovery daily set"),
    "body_check": _("Weekly body check"),
}
_EVIDENCE_COUNTS = {
    "checkin": ngettext_lazy("%(count)s check-in", "%(count)s check-ins", "count"),
    "drug_test": ngettext_lazy("%(count)s drug test", "%(count)s drug tests", "count"),
    "screening_result": ngettext_lazy(
        "%(count)s screening the patient saved",
        "%(count)s screenings the patient saved",
        "count",
    ),
    "early_recovery": ngettext_lazy(
        "%(count)s early-recovery entry", "%(count)s early-recovery entries", "count"
    ),
    "body_check": ngettext_lazy(
        "%(count)s weekly body check", "%(count)s weekly body checks", "count"
    ),
}
_RECORD = _("Record")
_RECORDS = ngettext_lazy("%(count)s record", "%(count)s records", "count")

_BODY_ADVICE = {"emergency": _("emergency care"), "urgent": _("urgent care")}


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


# The answer of a check-in that raised each kind of flag, in the words of the
# check-in form; missed check-ins rest on the last check-in before the gap.
KEY_ANSWERS: dict[str, Callable[[DailyCheckIn], str]] = {
    FlagCode.CRISIS: lambda c: (
        gettext("Self-harm thoughts: %(answer)s")
        % {"answer": _yes_no(c.self_harm_thoughts)}
    ),
    FlagCode.BODY_RED_FLAG: lambda c: (
        gettext("Body check advised %(advice)s")
        % {"advice": _BODY_ADVICE.get(c.body_advice, c.body_advice)}
    ),
    FlagCode.LAPSE: lambda c: (
        gettext("Used ketamine: %(answer)s") % {"answer": _yes_no(c.used_ketamine)}
    ),
    FlagCode.HIGH_CRAVING: lambda c: (
        gettext("Craving %(craving)s of 10") % {"craving": c.craving}
    ),
    FlagCode.RISING_CRAVING: lambda c: (
        gettext("Craving %(craving)s of 10") % {"craving": c.craving}
    ),
    FlagCode.LOW_CONFIDENCE: lambda c: (
        gettext("Confidence %(confidence)s of 10") % {"confidence": c.confidence}
    ),
    FlagCode.MISSED_CHECKINS: lambda c: gettext("Last check-in before the gap"),
}


def made_at(checkin: DailyCheckIn) -> datetime:
    """The instant (UTC) the patient filled the check-in in."""
    return checkin.recorded_at or checkin.created_at


@dataclass(frozen=True)
class EvidenceRecord:
    """One record: when it was made (None if unknown), its link or "", its answer."""

    at: datetime | None
    url: str
    answer: str


@dataclass(frozen=True)
class Evidence:
    """The records of one kind on one patient day, earliest first.

    `what`: "Check-in", "Drug test", ...; `url`: a link for the whole line
    (the drug tests page) or ""; `answer`: the answer every record gives
    when they all give the same one, else "" (each record then says its own);
    `kind`: the records' type ("checkin", ...), for `counted`.
    """

    what: str
    day: date | None
    url: str
    records: tuple[EvidenceRecord, ...]
    answer: str
    kind: str = ""

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def counted(self) -> str:
        """How many records, in words: "3 check-ins"."""
        return _EVIDENCE_COUNTS.get(self.kind, _RECORDS) % {"count": self.count}


@dataclass(frozen=True)
class FlagOnRecord:
    flag: object  # flags.models.Flag
    evidence: tuple[Evidence, ...]  # newest day first


def flags_on_record(flags, enrollment, kinds: Iterable[str]) -> list[FlagOnRecord]:
    """Each of `flags` (one patient's) with its evidence grouped for the page.

    One query reads every check-in the flags rest on. Times are given
    always; links and answers only when the team may see the check-ins
    ("checkins" in `kinds`), as the check-ins table is then on the page.
    """
    show_checkins = "checkins" in set(kinds)
    ids = {e["id"] for flag in flags for e in flag.evidence if e["type"] == "checkin"}
    checkins = (
        {
            str(c.public_id): c
            for c in DailyCheckIn.objects.filter(
                patient_id=enrollment.patient_id, public_id__in=ids
            )
        }
        if ids
        else {}
    )
    drug_tests = reverse("clinic:drug_tests", args=[enrollment.public_id])
    result = []
    for flag in flags:
        records = []
        for entry in flag.evidence:
            day = date.fromisoformat(entry["day"]) if entry.get("day") else None
            record = EvidenceRecord(at=None, url="", answer="")
            checkin = checkins.get(entry["id"]) if entry["type"] == "checkin" else None
            if checkin is not None:
                answer = KEY_ANSWERS.get(flag.kind)
                record = EvidenceRecord(
                    at=made_at(checkin),
                    url=f"#checkin-{checkin.public_id}" if show_checkins else "",
                    answer=answer(checkin) if answer and show_checkins else "",
                )
            records.append((entry["type"], day, record))
        result.append(FlagOnRecord(flag=flag, evidence=_grouped(records, drug_tests)))
    return result


def _grouped(records, drug_tests_url: str) -> tuple[Evidence, ...]:
    """(type, day, EvidenceRecord) items as one Evidence per type and day,
    newest day first; within a day, earliest record first."""

    def key(item):
        return (item[1] or date.min, item[0])

    groups = []
    for (day, kind), items in groupby(sorted(records, key=key), key=key):
        items = sorted((r for _type, _day, r in items), key=_when)
        answers = {r.answer for r in items}
        groups.append(
            Evidence(
                what=_EVIDENCE_NAMES.get(kind, _RECORD),
                day=None if day == date.min else day,
                url=drug_tests_url if kind == "drug_test" else "",
                records=tuple(items),
                answer=answers.pop() if len(answers) == 1 else "",
                kind=kind,
            )
        )
    return tuple(reversed(groups))


def _when(record: EvidenceRecord) -> tuple:
    return (record.at is not None, record.at or 0)
