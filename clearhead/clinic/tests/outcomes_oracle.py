"""The outcomes report as it was computed before the weekly roll-up: every
check-in read, consent by consent in Python. The oracle the roll-up report
is tested against (test_outcomes_rollup.py); slow, for tests only."""

from datetime import date, timedelta
from types import SimpleNamespace

from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.utils import timezone

from clearhead.care import policy
from clearhead.care.models import Enrollment
from clearhead.care.time_zones import todays_for
from clearhead.clinic.outcomes import (
    CRAVING_KINDS,
    SCREENING_KINDS,
    SUMMARY_KINDS,
    _cell,
    _percent,
    _score_change,
    _week_counts,
    _weeks_of,
    mondays,
    program_records,
    whole_weeks,
)
from clearhead.clinic.suppression import FOOTNOTE, is_small
from clearhead.core import clock
from clearhead.recovery.models import DailyCheckIn


def weekly_means(daily) -> list[tuple[date, float, int]]:
    """(week's Monday, mean craving, check-ins) from per-day sums and counts.

    Folding days into weeks here keeps the database query a plain GROUP BY
    day (SQLite has no native week truncation) while the rows read stay at
    one per day, however many patients."""
    weeks: dict[date, list[int]] = {}
    for row in daily:
        monday = row["day"] - timedelta(days=row["day"].weekday())
        total, count = weeks.setdefault(monday, [0, 0])
        weeks[monday] = [total + row["craving_sum"], count + row["count"]]
    return [
        (monday, round(total / count, 1), count)
        for monday, (total, count) in sorted(weeks.items())
    ]


def raw_outcomes(*, program, start: date, end: date) -> dict:
    """The report's figures, as `program_outcomes` gives them (no audit)."""
    with timezone.override(program.time_zone):
        return _raw(program=program, start=start, end=end)


def _retention(cohort, summary, days: int) -> dict:
    """Still in care, or (for those sharing how often they check in) checked
    in `days` or more after starting; of those who reached day `days` of
    their enrollment in the period (counted in the week they reached it)."""
    reached = [
        e
        for e in cohort.enrollments
        if cohort.start <= e.started_on + timedelta(days=days) <= cohort.end
    ]
    eligible = [e.pk for e in reached]
    per_week = [
        sum(
            monday <= e.started_on + timedelta(days=days) <= monday + timedelta(6)
            for e in reached
        )
        for monday in cohort.weeks
    ]
    # Each threshold as a date (OuterRef("started_on") + timedelta compared
    # as text on SQLite, so a check-in on the very day was missed).
    shared = {e.pk for e in summary}
    kept = sum(
        e.status == Enrollment.Status.ACTIVE
        or (
            e.pk in shared
            and DailyCheckIn.objects.filter(
                patient_id=e.patient_id,
                day__gte=e.started_on + timedelta(days=days),
            ).exists()
        )
        for e in reached
    )
    return _cell(_percent(kept, len(eligible)), len(eligible), per_week)


class _Cohort:
    """The program's enrollments in the period, each with the patient's today
    and the kinds its care team's consent in force shares."""

    def __init__(self, program, start: date, end: date):
        self.start, self.end = start, end
        self.weeks = mondays(start, end)
        self.enrollments = list(
            Enrollment.objects.filter(program=program, started_on__lte=end)
            .order_by("patient_id", "-started_on", "-pk")
            .only("pk", "patient_id", "started_on", "status")
        )
        todays = todays_for([e.patient_id for e in self.enrollments])
        for e in self.enrollments:
            e.today = todays[e.patient_id]
        kinds = policy.care_team_kinds({e.pk: e.today for e in self.enrollments})
        for e in self.enrollments:
            e.kinds = kinds[e.pk]
        self.ids = [e.pk for e in self.enrollments]
        # For outcomes._score_change (scores are not in the roll-up).
        self.screenings = [e.pk for e in self.sharing(SCREENING_KINDS)]

    def by_ids(self):
        """As outcomes._score_change reads a cohort: enrollments by id."""
        return SimpleNamespace(
            enrollments=self.ids,
            screenings=self.screenings,
            weeks=self.weeks,
            start=self.start,
            end=self.end,
        )

    def sharing(self, needed: set) -> list:
        return [e for e in self.enrollments if e.kinds & needed]

    def window_days(self, enrollments) -> int:
        """Patient-days inside both the period and each enrollment."""
        return sum(
            max(0, (min(self.end, e.today) - max(self.start, e.started_on)).days + 1)
            for e in enrollments
        )

    def checkins(self, enrollments):
        """The period's check-ins of these enrollments, on days inside them."""
        by_today: dict[date, list[int]] = {}
        for e in enrollments:
            by_today.setdefault(e.today, []).append(e.pk)
        inside = Q(pk__in=[])
        for today, ids in by_today.items():
            inside |= Q(patient__enrollments__pk__in=ids, day__lte=today)
        return DailyCheckIn.objects.filter(
            inside,
            day__gte=F("patient__enrollments__started_on"),
            day__range=(self.start, self.end),
        )


def _daily(checkins) -> list[dict]:
    # One pass over the period's check-ins, grouped by day (at most one row
    # per day of the period): the totals and the weekly series come from it.
    return list(
        checkins.values("day")
        .annotate(
            craving_sum=Sum("craving"),
            count=Count("id"),
            abstinent=Count("id", filter=Q(used_ketamine=False)),
        )
        .order_by("day")
    )


def _most(patients: int, per_week: list[int]) -> int:
    """The most patients in one week, as the report counts a figure counted
    week by week, after checking that it hides the figure exactly when the
    period's distinct `patients` would (`outcomes._cell`)."""
    most = max(per_week)
    assert _cell(None, patients, per_week) == _cell(None, most, per_week) | {
        "patients": patients
    }
    return most


def _raw(*, program, start: date, end: date) -> dict:
    start, end = whole_weeks(start, end, clock.today_in(program.time_zone))
    cohort = _Cohort(program, start, end)
    weeks = cohort.weeks
    enrolled = len(cohort.enrollments)
    summary = cohort.sharing(SUMMARY_KINDS)
    summary_checkins = cohort.checkins(summary)
    daily = _daily(summary_checkins)
    total = sum(row["count"] for row in daily)
    # Who checked in, not who shares: a patient who shares but never checked
    # in adds nothing to a figure, so does not count towards its 5.
    checked_in = summary_checkins.aggregate(
        patients=Count("patient", distinct=True),
        **_week_counts(weeks, "day", "patient"),
    )
    summary_weeks = _weeks_of(checked_in, weeks)
    cravers = cohort.sharing(CRAVING_KINDS)
    craving_checkins = cohort.checkins(cravers)
    craving = craving_checkins.aggregate(
        total=Count("id"),
        craving=Sum("craving"),
        patients=Count("patient", distinct=True),
        **_week_counts(weeks, "day", "patient"),
    )
    craving_weeks = _weeks_of(craving, weeks)
    # Each week on its own, the same whatever the period: a week is hidden
    # when fewer than 5 patients checked in that week, never as a complement
    # (the period's totals are hidden whenever a week is).
    by_monday = {
        monday: (mean, count)
        for monday, mean, count in weekly_means(_daily(craving_checkins))
    }
    weekly = [
        (monday, *by_monday[monday], is_small(patients))
        for monday, patients in zip(weeks, craving_weeks, strict=True)
        if monday in by_monday
    ]
    return {
        "start": start,
        "end": end,
        "weeks": weeks,
        "enrolled": _cell(enrolled, enrolled),
        "retention_30": _retention(cohort, summary, 30),
        "retention_90": _retention(cohort, summary, 90),
        "adherence": _cell(
            _percent(
                summary_checkins.values("patient_id", "day").distinct().count(),
                cohort.window_days(summary),
            ),
            _most(checked_in["patients"], summary_weeks),
            summary_weeks,
        ),
        "abstinent_days_self_report": _cell(
            _percent(sum(row["abstinent"] for row in daily), total),
            _most(checked_in["patients"], summary_weeks),
            summary_weeks,
        ),
        "mean_craving": _cell(
            round(craving["craving"] / craving["total"], 1)
            if craving["total"]
            else None,
            _most(craving["patients"], craving_weeks),
            craving_weeks,
        ),
        "weekly_craving": weekly,
        "phq9_change": _score_change(cohort.by_ids(), "phq9"),
        "gad7_change": _score_change(cohort.by_ids(), "gad7"),
        "footnote": FOOTNOTE,
    } | program_records(cohort.ids, start, end, weeks)
