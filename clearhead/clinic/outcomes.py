"""Program outcomes, computed in the database: counts and averages, not loops over rows.

Who counts (issue 13, finding 4): the program's own records (enrollments,
drug tests, changes in level of care, scores a clinician gave) count for
every patient enrolled; what the patient entered counts only while the
consent in force for the program's care team shares it, read on the
patient's own today (`care.policy.care_team_kinds`), and only on days
inside the enrollment (from `started_on` to the patient's today; the model
keeps no discharge date, and a discharge on closing an account revokes the
consent).

Periods are whole calendar weeks (Monday to Sunday), ending no later than the
last complete week in the program's zone (`whole_weeks`), and every figure is
an aggregate over those weeks. Each figure is also counted week by week, over
the same fixed weeks whatever the period: how many distinct patients gave data
to it (checked in, were tested, had a score, reached day 30). A figure built
from fewer than 5 such patients is hidden, and a period's figure is hidden
whenever any of its weeks has that figure hidden, so that no hidden week can
be recovered by setting one period's figure against another's (issue 13).
"""

import functools
import logging
from contextlib import nullcontext
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import Consent, Enrollment, Program
from clearhead.care.time_zones import todays_bounds, todays_for
from clearhead.clinic.models import DrugTest, LevelChange, OutcomesWeek
from clearhead.clinic.suppression import (
    FOOTNOTE,
    SUPPRESSED_TEXT,
    is_small,
    suppress_column,
)
from clearhead.core import clock
from clearhead.recovery.charts import Chart, series_chart
from clearhead.recovery.checkin_days import closed_through
from clearhead.recovery.models import CheckInWeek, DailyCheckIn
from clearhead.recovery.rollups import monday_of
from clearhead.screening.models import ScreeningResult

logger = logging.getLogger(__name__)

# Which share each figure built from the patient's own entries needs.
# Adherence and self-reported abstinent days are "my sober days, how often I
# check in": the summary share, or the full check-ins, which include them.
SUMMARY_KINDS = {"checkin_summary", "checkins"}
# Cravings are in the full check-ins only ("cravings, mood, notes").
CRAVING_KINDS = {"checkins"}
# Scores the patient saved alone at /check/ need "screenings"; those a
# clinician gave are the program's own record.
SCREENING_KINDS = {"screenings"}


# Longest period, so a report's weekly columns stay a bounded set.
MAX_WEEKS = 104
# No report starts before this Monday (a "From" earlier is read as it, and
# the page names the dates asked for): every day a report counts back from
# its weeks (MAX_WEEKS, the retention cohorts) then stays inside the
# calendar, whatever "From" says.
FIRST_MONDAY = date(2000, 1, 3)


def last_complete_sunday(today: date) -> date:
    return monday_of(today) - timedelta(days=1)


def whole_weeks(start: date, end: date, today: date) -> tuple[date, date]:
    """The whole Monday-to-Sunday weeks covering start..end, ending no later
    than the last complete week before `today`, at most MAX_WEEKS long,
    none before FIRST_MONDAY."""
    last = last_complete_sunday(today)
    start = monday_of(max(start, FIRST_MONDAY))
    # Before widening: no date past 9999-12-31.
    end = max(min(end, last), FIRST_MONDAY)
    end = end + timedelta(days=6 - end.weekday())
    if start > end:
        start = end - timedelta(days=6)
    earliest = end - timedelta(days=7 * MAX_WEEKS - 1)
    return max(start, earliest), end


def mondays(start: date, end: date) -> list[date]:
    return [start + timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]


def _week_counts(weeks: list[date], day: str, patient: str) -> dict:
    """One filtered COUNT(DISTINCT patient) per week, for an aggregate()."""
    return {
        f"w{n}": Count(
            patient,
            distinct=True,
            filter=Q(**{f"{day}__range": (monday, monday + timedelta(days=6))}),
        )
        for n, monday in enumerate(weeks)
    }


def _weeks_of(row: dict, weeks: list[date]) -> list[int]:
    return [row[f"w{n}"] for n in range(len(weeks))]


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _retention(cohort, summary, days: int) -> dict:
    """Still in care, or (for those sharing how often they check in) checked
    in `days` or more after starting; of those who reached day `days` of
    their enrollment in the period (counted in the week they reached it)."""
    after = timedelta(days=days)
    reached = cohort.enrollments.filter(
        started_on__range=(cohort.start - after, cohort.end - after)
    )
    starts = dict(reached.order_by().values_list("started_on").annotate(n=Count("pk")))
    eligible = sum(starts.values())
    per_week = [
        sum(n for day, n in starts.items() if 0 <= (day + after - monday).days < 7)
        for monday in cohort.weeks
    ]
    # A week of check-ins whose last day is `days` or more after the start,
    # counted in days (a date plus an interval is text on SQLite).
    checked_in_later = CheckInWeek.objects.alias(
        since=ExpressionWrapper(
            F("last_day") - OuterRef("started_on"), output_field=DurationField()
        )
    ).filter(patient_id=OuterRef("patient_id"), since__gte=after)
    kept = reached.filter(
        Q(status=Enrollment.Status.ACTIVE)
        | (Q(pk__in=summary) & Exists(checked_in_later))
    )
    return _cell(_percent(kept.count(), eligible), eligible, per_week)


def _score_change(cohort, instrument_id: str) -> dict:
    """Mean change from each patient's first to latest score, in one query.

    Scores inside the enrollment only; self-saved ones only with the
    screenings share."""
    visible = ScreeningResult.objects.filter(
        Q(administered_by__isnull=False)
        | Q(patient__enrollments__pk__in=cohort.screenings),
        instrument_id=instrument_id,
        patient__enrollments__pk__in=cohort.enrollments,
        created_at__date__gte=F("patient__enrollments__started_on"),
        created_at__date__range=(cohort.start, cohort.end),
    )
    per_week = _weeks_of(
        visible.aggregate(**_week_counts(cohort.weeks, "created_at__date", "patient")),
        cohort.weeks,
    )
    same = visible.filter(patient_id=OuterRef("patient_id"))
    # The total read as a number in the database: a JSON key in a subquery
    # comes back from SQLite as a bare int, which JSONField cannot decode.
    total = Cast(KT("result__total"), IntegerField())
    per_patient = (
        visible.values("patient_id")
        .annotate(first_at=Min("created_at"), last_at=Max("created_at"))
        .filter(first_at__lt=F("last_at"))
        .annotate(
            first=Subquery(
                same.order_by("created_at").annotate(t=total).values("t")[:1]
            ),
            latest=Subquery(
                same.order_by("-created_at").annotate(t=total).values("t")[:1]
            ),
        )
    )
    changes = [row["latest"] - row["first"] for row in per_patient]
    return _cell(
        round(sum(changes) / len(changes), 1) if changes else None,
        len(changes),
        per_week,
    )


def _cell(value, patients: int, per_week: list[int] | None = None) -> dict:
    """A figure and how many patients it is built from; hidden when few, or
    when any week of the period has it from fewer than 5 (so no period can
    be set against another to recover that week).

    A figure counted week by week passes the most patients in any one week
    (`max(per_week)`) rather than the period's distinct patients, which cost
    a pass over every patient to count: it hides the figure exactly when
    they would. The period's patients are at least the week's most and at
    most their sum, so they are 1 to 4 only when some week is (and that week
    hides the figure), and 0 only when every week is 0."""
    hidden_weeks = [n for n, count in enumerate(per_week or []) if is_small(count)]
    return {
        "value": value,
        "patients": patients,
        "hidden_weeks": hidden_weeks,
        "suppressed": is_small(patients) or bool(hidden_weeks),
    }


class _Cohort:
    """The program's enrollments in the period, as a query: nothing is read
    enrollment by enrollment (their consents through `policy`, in SQL).

    A check-in counts only up to the patient's today; every patient's today
    is at least the earliest any zone has now (`todays_bounds`), so their
    own todays are read only when that is before the period's last day."""

    def __init__(self, program, start: date, end: date):
        self.start, self.end = start, end
        self.weeks = mondays(start, end)
        self.enrollments = Enrollment.objects.filter(
            program=program, started_on__lte=end
        )
        self.todays = None
        if todays_bounds()[0] < end:
            self.todays = todays_for(
                set(self.enrollments.values_list("patient_id", flat=True))
            )

        # Those whose care team's consent in force shares each figure's kinds.
        self.sharing = policy.sharing_conditions(
            self.enrollments, SUMMARY_KINDS, CRAVING_KINDS, SCREENING_KINDS
        )
        summary, _, screenings = self.sharing
        self.summary = self.enrollments.filter(summary)
        self.screenings = self.enrollments.filter(screenings)

    def shared(self):
        """The enrollments sharing the summary, each with `craves` (1 when it
        shares cravings too): each consent read once per enrollment."""
        cravers = self.sharing[1]
        # Cravings need the full check-ins, which include the summary: every
        # craver is also among `summary`.
        return self.summary.annotate(
            craves=Case(When(cravers, then=1), default=0)
        ).values("patient_id", "started_on", "craves")

    def window_days(self, enrollments) -> int:
        """Patient-days inside both the period and each enrollment."""
        if self.todays is None:
            rows = (
                (started_on, self.end, n)
                for started_on, n in enrollments.order_by()
                .values_list("started_on")
                .annotate(n=Count("pk"))
            )
        else:
            rows = (
                (started_on, min(self.end, self.todays[patient_id]), 1)
                for started_on, patient_id in enrollments.values_list(
                    "started_on", "patient_id"
                )
            )
        return sum(
            n * max(0, (last - max(self.start, started_on)).days + 1)
            for started_on, last, n in rows
        )

    def last_days(self) -> tuple[str, list]:
        """SQL for the last day of the period inside each enrollment (its
        patient's today, when that is earlier), and its parameters."""
        short: dict[date, list[int]] = {}
        for patient_id, today in (self.todays or {}).items():
            if today < self.end:
                short.setdefault(today, []).append(patient_id)
        if not short:
            return "%s", [self.end]
        sql, params = "CASE", []
        for today, patient_ids in short.items():
            marks = ", ".join(["%s"] * len(patient_ids))
            sql += f" WHEN e.patient_id IN ({marks}) THEN %s"
            params += [*patient_ids, today]
        return sql + " ELSE %s END", [*params, self.end]


# The check-in figures per week, from the weekly roll-up. `shared`: the
# enrollments sharing how often one checks in, each with the last day of the
# period inside it (`hi`: the patient's today, when earlier); `sp`: one row
# per patient (`lo`: the earliest start; `latest`: the latest start;
# `k`/`kc`: how many enrollments, of all / of those sharing cravings). A
# check-in counts once per enrollment holding it (as the report always has),
# a day once per patient. A week whose check-ins are all inside every
# enrollment is read from its roll-up row; any other (the week an enrollment
# started, one past the patient's today) from its check-ins.
_CHECKIN_WEEKS = """
WITH shared AS NOT MATERIALIZED (
    SELECT e.patient_id, e.started_on, {last} AS hi, e.craves FROM ({shared}) e
),
sp AS MATERIALIZED (
    SELECT patient_id, MIN(started_on) AS lo, MAX(started_on) AS latest,
        COUNT(*) AS k, SUM(craves) AS kc, MAX(hi) AS hi
    FROM shared GROUP BY patient_id
)
SELECT w.monday, SUM(p.k * w.checkins), SUM(p.k * w.craving_sum),
    SUM(p.k * w.abstinent), SUM(w.days), COUNT(*), SUM(p.kc * w.checkins),
    SUM(p.kc * w.craving_sum), SUM(CASE WHEN p.kc > 0 THEN 1 ELSE 0 END)
FROM {week} w JOIN sp p ON p.patient_id = w.patient_id
WHERE w.monday BETWEEN %s AND %s AND {whole}
GROUP BY w.monday
UNION ALL
SELECT monday, SUM(n), SUM(craving), SUM(abstinent), SUM(days),
    SUM(CASE WHEN n > 0 THEN 1 ELSE 0 END), SUM(cn), SUM(cc),
    SUM(CASE WHEN cn > 0 THEN 1 ELSE 0 END)
FROM (
    SELECT w.monday,
        (SELECT COUNT(*) FROM {pairs}) AS n,
        (SELECT COALESCE(SUM(d.craving), 0) FROM {pairs}) AS craving,
        (SELECT COUNT(*) FROM {pairs} AND NOT d.used_ketamine) AS abstinent,
        (SELECT COUNT(*) FROM {pairs} AND s.craves = 1) AS cn,
        (SELECT COALESCE(SUM(d.craving), 0) FROM {pairs} AND s.craves = 1) AS cc,
        CASE WHEN w.first_day >= p.lo AND w.last_day <= p.hi THEN w.days
            ELSE (SELECT COUNT(DISTINCT d.day) FROM {checkin} d
                WHERE d.patient_id = p.patient_id AND {week_days}
                AND d.day >= p.lo AND d.day <= p.hi) END AS days
    FROM {week} w JOIN sp p ON p.patient_id = w.patient_id
    WHERE w.monday BETWEEN %s AND %s
        AND w.last_day >= p.lo AND w.first_day <= p.hi
        AND ({partial}) AND NOT ({whole})
) partial
GROUP BY monday
"""
# Each (enrollment, check-in) of the patient in the week, inside the enrollment.
_PAIRS = (
    "shared s JOIN {checkin} d ON d.patient_id = s.patient_id "
    "WHERE s.patient_id = p.patient_id AND {week_days} "
    "AND d.day >= s.started_on AND d.day <= s.hi"
)
_WEEK_DAYS = "d.day BETWEEN w.first_day AND w.last_day"
_FIGURES = ("n", "craving", "abstinent", "days", "gave", "cn", "cc", "craved")
# The drug-test figures of a week.
_TEST_FIGURES = ("tests", "negative", "tested")


def _checkin_weeks(cohort, first: date, final: date) -> dict[date, dict]:
    """The check-in figures of the weeks from Monday `first` to Monday
    `final`, from the weekly roll-up in one query: for each week (its
    Monday), the (enrollment, check-in) pairs of the enrollments sharing how
    often one checks in (`n`, with their `craving` and `abstinent` sums),
    the distinct days with a check-in (`days`), the patients who gave any
    (`gave`), and the same for the cravers (`cn`, `cc`, `craved`). A week
    with none is left out."""
    last, last_params = cohort.last_days()
    early = len(last_params) > 1  # some patient's today is before the end
    shared_sql, shared_params = cohort.shared().query.sql_with_params()
    checkin = DailyCheckIn._meta.db_table
    week = CheckInWeek._meta.db_table
    sql = _CHECKIN_WEEKS.format(
        last=last,
        shared=shared_sql,
        checkin=checkin,
        week=week,
        whole="w.first_day >= p.latest AND w.last_day <= p.hi",
        # A week partly before a start begins before the latest start; one
        # partly past a patient's today, only when some today is early.
        partial="p.latest > %s AND w.monday < p.latest"
        + (" OR w.last_day > p.hi" if early else ""),
        pairs=_PAIRS.format(checkin=checkin, week_days=_WEEK_DAYS),
        week_days=_WEEK_DAYS,
    )
    period = [first, final]
    params = [
        *last_params,
        *shared_params,
        *period,  # whole weeks
        *period,  # partial weeks
        first,
    ]
    by_week = {}
    postgresql = connection.vendor == "postgresql"
    with (
        transaction.atomic() if postgresql else nullcontext(),
        connection.cursor() as cursor,
    ):
        if postgresql:
            # The planner prices the correlated reads of partial weeks as if
            # every row needed them, and would compile the query (JIT) for
            # far longer than it runs.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for monday, *values in rows:
        figures = dict(zip(_FIGURES, (int(v or 0) for v in values), strict=True))
        # A week's whole rows and its partial ones: each patient in one or
        # the other.
        summed = by_week.setdefault(_as_date(monday), dict.fromkeys(_FIGURES, 0))
        for name, value in figures.items():
            summed[name] += value
    return by_week


# What a closed week keeps (OutcomesWeek): its check-in and drug-test figures.
_KEPT = _FIGURES + _TEST_FIGURES


def _consents_ending_since(program, since: datetime) -> bool:
    """Whether a care team's consent of the program may have changed state by
    date since `since`: one not revoked whose last day lies from the earliest
    today any patient had then to before the latest today any patient has
    now. Only such a consent can be in force on its patient's day at one
    instant and not at the other, whatever zone the patient had then or has
    now (a change of zone raises nothing). One query."""
    return Consent.objects.filter(
        enrollment__program=program,
        record_id=None,
        revoked_at=None,
        expires_on__gte=todays_bounds(at=since)[0],
        expires_on__lt=todays_bounds()[1],
    ).exists()


def _kept_weeks(program, generation: int, closed: list[date]) -> dict[date, dict]:
    """What earlier reports kept of the `closed` weeks (Mondays), where it is
    still what the week holds: made under the program's current
    `generation`, with no consent ending by date since."""
    if not closed:
        return {}
    rows = list(
        OutcomesWeek.objects.filter(
            program=program,
            generation=generation,
            monday__range=(closed[0], closed[-1]),
        ).values("monday", "filled_at", *_KEPT)
    )
    if not rows or _consents_ending_since(
        program, min(row["filled_at"] for row in rows)
    ):
        return {}
    return {row["monday"]: {name: row[name] for name in _KEPT} for row in rows}


def _generation(program) -> tuple[int, datetime]:
    """The program's `outcomes_generation`, and the instant it was read.

    Read before anything the report computes, the cohort's consents among
    it: a write raising the generation meanwhile leaves what this report
    keeps under the old one, which no reader takes."""
    generation = (
        Program.objects.filter(pk=program.pk)
        .values_list("outcomes_generation", flat=True)
        .get()
    )
    return generation, clock.now()


def _week_figures(program, cohort, basis: tuple[int, datetime]) -> list[dict]:
    """Each week's check-in and drug-test figures, in the order of
    `cohort.weeks`. A closed week (recovery.checkin_days.closed_through:
    no check-in can be added to it any more) is read from what an earlier
    report kept of it (`_kept_weeks`); the others are computed (two
    queries), and the closed ones among them kept for the next report,
    under `basis` (`_generation`, read before the cohort was)."""
    generation, filled_at = basis
    closed = closed_through(todays_bounds(at=filled_at)[0])
    closed_weeks = [m for m in cohort.weeks if m + timedelta(days=6) <= closed]
    figures = _kept_weeks(program, generation, closed_weeks)
    missing = [monday for monday in cohort.weeks if monday not in figures]
    if missing:
        checkins = _checkin_weeks(cohort, missing[0], missing[-1])
        tests = drug_test_weeks(cohort.enrollments, missing)
        for monday in missing:
            figures[monday] = (
                checkins.get(monday, dict.fromkeys(_FIGURES, 0)) | tests[monday]
            )
        OutcomesWeek.objects.bulk_create(
            [
                OutcomesWeek(
                    program=program,
                    monday=monday,
                    generation=generation,
                    filled_at=filled_at,
                    **figures[monday],
                )
                for monday in missing
                if monday in closed_weeks
            ],
            update_conflicts=True,
            unique_fields=["program", "monday"],
            update_fields=["generation", "filled_at", *_KEPT],
        )
    return [figures[monday] for monday in cohort.weeks]


def kept_weeks_refresh() -> int:
    """The worker's pass over what reports kept (OutcomesWeek): a program
    whose kept weeks are out of date (a write raised its generation, or a
    consent may have ended by date since) has them computed again, run by
    run of consecutive kept weeks (at most MAX_WEEKS each), so that its next
    report reads them instead. Two queries, then a few for each program that
    kept weeks. A program that fails is logged (its id) and left for the
    next pass; the others go on. Returns how many programs were refreshed."""
    kept = list(
        OutcomesWeek.objects.values("program_id")
        .annotate(
            since=Min("filled_at"),
            old=Count("pk", filter=~Q(generation=F("program__outcomes_generation"))),
        )
        .order_by("program_id")
    )
    programs = Program.objects.in_bulk([row["program_id"] for row in kept])
    refreshed = 0
    for row in kept:
        program = programs[row["program_id"]]
        if not row["old"] and not _consents_ending_since(program, row["since"]):
            continue
        try:
            with transaction.atomic(), timezone.override(program.time_zone):
                for first, final in _runs(program):
                    basis = _generation(program)
                    cohort = _Cohort(program, first, final + timedelta(days=6))
                    _week_figures(program, cohort, basis)
        except DatabaseError:
            logger.exception("Outcomes weeks of program %s not refreshed", program.pk)
            continue
        refreshed += 1
    return refreshed


def _runs(program) -> list[tuple[date, date]]:
    """The program's kept weeks as runs of consecutive Mondays, each at most
    MAX_WEEKS long: (first Monday, last Monday) of each."""
    runs: list[list[date]] = []
    for monday in (
        OutcomesWeek.objects.filter(program=program)
        .order_by("monday")
        .values_list("monday", flat=True)
    ):
        run = runs[-1] if runs else None
        if run and monday - run[-1] == timedelta(weeks=1) and len(run) < MAX_WEEKS:
            run.append(monday)
        else:
            runs.append([monday])
    return [(run[0], run[-1]) for run in runs]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def drug_test_weeks(enrollments, weeks: list[date]) -> dict[date, dict]:
    """For each of `weeks` (Mondays), the drug tests of these enrollments
    collected in it, inside the enrollment: how many (`tests`), how many
    negative for ketamine (`negative`) and how many patients were tested
    (`tested`). One query."""
    if not weeks:
        return {}
    # Patients tested, as every figure counts them week by week (`w{n}`).
    counts = _week_counts(weeks, "collected_on", "enrollment__patient")
    for n, monday in enumerate(weeks):
        week = Q(collected_on__range=(monday, monday + timedelta(days=6)))
        counts |= {
            f"t{n}": Count("id", filter=week),
            f"g{n}": Count("id", filter=week & Q(results__ketamine="negative")),
        }
    row = DrugTest.objects.filter(
        enrollment__in=enrollments,
        collected_on__range=(weeks[0], weeks[-1] + timedelta(days=6)),
        collected_on__gte=F("enrollment__started_on"),
    ).aggregate(**counts)
    return {
        monday: {
            "tests": row[f"t{n}"],
            "negative": row[f"g{n}"],
            "tested": row[f"w{n}"],
        }
        for n, monday in enumerate(weeks)
    }


def program_records(
    enrollments, start: date, end: date, weeks: list, tests: list[dict] | None = None
) -> dict:
    """The figures from the program's own records (drug tests, changes in
    level of care) of these enrollments, in the period's weeks. `tests`:
    the drug-test figures of each week (`drug_test_weeks`), when the caller
    has them already."""
    if tests is None:
        by_week = drug_test_weeks(enrollments, weeks)
        tests = [by_week[monday] for monday in weeks]
    test_counts = {
        "total": sum(week["tests"] for week in tests),
        "negative": sum(week["negative"] for week in tests),
    }
    test_weeks = [week["tested"] for week in tests]
    changes = list(
        LevelChange.objects.filter(
            enrollment__in=enrollments,
            changed_at__date__range=(start, end),
        )
        .values("from_level", "to_level")
        .annotate(
            count=Count("id"),
            patients=Count("enrollment__patient", distinct=True),
            **_week_counts(weeks, "changed_at__date", "enrollment__patient"),
        )
        .order_by("-count", "from_level", "to_level")
    )
    # A change with any small week is hidden like a small one; then the
    # complements, so that no hidden change follows from the rest.
    hidden_changes = suppress_column(
        [c["count"] for c in changes],
        [
            1 if any(is_small(n) for n in _weeks_of(c, weeks)) else c["patients"]
            for c in changes
        ],
    )
    return {
        "negative_ketamine_tests": _cell(
            _percent(test_counts["negative"], test_counts["total"]),
            max(test_weeks),
            test_weeks,
        ),
        "tests": _cell(test_counts["total"], max(test_weeks), test_weeks),
        "level_changes": [
            {
                "from_level": change["from_level"],
                "to_level": change["to_level"],
                "count": change["count"],
                "suppressed": n in hidden_changes,
            }
            for n, change in enumerate(changes)
        ],
    }


def outcomes_without_program(*, actor) -> None:
    """A clinician in no program opened the report: on the record, no program named."""
    if not policy.is_clinician(actor):
        raise PermissionDenied
    audit_record(
        actor=actor, action=AuditAction.OUTCOMES_VIEWED, extra={"program": None}
    )


def program_outcomes(*, actor, program, start: date, end: date) -> dict:
    """The program's report, for a clinician who is a current member of it.

    Audited as OUTCOMES_VIEWED, naming the program.
    """
    # The database reads a timestamp's date (`__date`: scores, level changes)
    # in the active zone; the program's, so a score at 11:30 pm on Sunday in
    # Chicago falls in that week, as the weeks themselves do.
    with timezone.override(program.time_zone):
        return _program_outcomes(actor=actor, program=program, start=start, end=end)


def _program_outcomes(*, actor, program, start: date, end: date) -> dict:
    if not policy.programs_of(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AuditAction.OUTCOMES_VIEWED,
        extra={"program": str(program.public_id)},
    )
    start, end = whole_weeks(start, end, clock.today_in(program.time_zone))
    basis = _generation(program)
    cohort = _Cohort(program, start, end)
    weeks = cohort.weeks
    enrolled = cohort.enrollments.count()
    summary = cohort.summary
    week_rows = _week_figures(program, cohort, basis)
    total = sum(row["n"] for row in week_rows)
    craving_total = sum(row["cn"] for row in week_rows)
    # Who checked in, not who shares: a patient who shares but never checked
    # in adds nothing to a figure, so does not count towards its 5.
    summary_weeks = [row["gave"] for row in week_rows]
    craving_weeks = [row["craved"] for row in week_rows]
    # Each week on its own, the same whatever the period: a week is hidden
    # when fewer than 5 patients checked in that week, never as a complement
    # (the period's totals are hidden whenever a week is).
    weekly = [
        (monday, round(row["cc"] / row["cn"], 1), row["cn"], is_small(row["craved"]))
        for monday, row in zip(weeks, week_rows, strict=True)
        if row["cn"]
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
                sum(row["days"] for row in week_rows), cohort.window_days(summary)
            ),
            max(summary_weeks),
            summary_weeks,
        ),
        "abstinent_days_self_report": _cell(
            _percent(sum(row["abstinent"] for row in week_rows), total),
            max(summary_weeks),
            summary_weeks,
        ),
        "mean_craving": _cell(
            round(sum(row["cc"] for row in week_rows) / craving_total, 1)
            if craving_total
            else None,
            max(craving_weeks),
            craving_weeks,
        ),
        "weekly_craving": weekly,
        "phq9_change": _score_change(cohort, "phq9"),
        "gad7_change": _score_change(cohort, "gad7"),
        "footnote": FOOTNOTE,
    } | program_records(cohort.enrollments, start, end, weeks, tests=week_rows)


def weekly_craving_chart(report: dict) -> Chart | None:
    """The report's weekly mean craving as a chart, hidden weeks left out
    (None when no week is shown)."""
    weekly = tuple(
        (week, craving)
        for week, craving, _count, hidden in report["weekly_craving"]
        if not hidden
    )
    return _drawn_weekly_chart(get_language(), weekly) if weekly else None


# Drawn once per language and figures: drawing takes matplotlib about as
# long as the rest of the report, and every member of the program opening
# the same weeks reads the same figures (the program's, no one patient's).
@functools.lru_cache(maxsize=64)
def _drawn_weekly_chart(language: str, weekly: tuple) -> Chart:
    chart = series_chart(
        "weekly-craving",
        gettext("Mean craving by week"),
        gettext("out of 10"),
        0,
        10,
        list(weekly),
    )
    chart.svg  # noqa: B018  (drawn now, kept with the chart)
    return chart


# English in the CSV export, like FOOTNOTE; the page translates it.
WHOLE_WEEKS = gettext_noop(
    "Periods are whole weeks, Monday to Sunday, up to the last complete week: "
    "dates asked for are widened to the weeks that hold them. A figure for "
    "the period is shown only when every week in it has that figure from 5 "
    "or more patients, so that no week's hidden figure can be worked out by "
    "comparing one period with another."
)


# (key, label, unit): the key is the measure's code in the CSV export, the
# label its name on the page.
MEASURES = (
    ("enrolled", _("Patients enrolled"), ""),
    ("retention_30", _("Retained at 30 days"), "%"),
    ("retention_90", _("Retained at 90 days"), "%"),
    ("adherence", _("Check-in adherence"), "%"),
    ("abstinent_days_self_report", _("Days abstinent (self-report)"), "%"),
    ("negative_ketamine_tests", _("Ketamine tests negative"), "%"),
    ("tests", _("Ketamine tests"), ""),
    ("mean_craving", _("Mean craving"), ""),
    ("phq9_change", _("PHQ-9 change from first score"), ""),
    ("gad7_change", _("GAD-7 change from first score"), ""),
)


def measure_rows(
    report: dict, *, suppressed: str = SUPPRESSED_TEXT
) -> list[tuple[str, str, str]]:
    """(key, label, text) per measure: `suppressed` ("fewer than 5", in
    English unless the page passes its translation) for a hidden one."""
    rows = []
    for key, label, unit in MEASURES:
        cell = report[key]
        if cell["suppressed"]:
            text = suppressed
        elif cell["value"] is None:
            text = ""
        else:
            text = f"{cell['value']}{unit}"
        rows.append((key, label, text))
    return rows


# What each measure means, in plain words, and how it differs from the figure
# a patient (or their care team, on the patient page) sees for one person.
MEASURE_HELP = {
    "enrolled": _("People in the program at any time in these weeks."),
    "retention_30": _(
        "Of the patients who reached 30 days since they started, in these weeks: "
        "the share still in care, or still checking in after day 30."
    ),
    "retention_90": _("The same as above, at 90 days after they started."),
    "adherence": _(
        "Days with a check-in, out of every day patients were in the program in "
        "these weeks (only patients who share how often they check in). A "
        "patient's own figure counts only their last %(adherence_days)s days, or "
        "the days since they joined, so the two can differ."
    ),
    "abstinent_days_self_report": _(
        "Of the days with a check-in, the share where the patient said they did "
        "not use ketamine. What patients report, not a test."
    ),
    "negative_ketamine_tests": _(
        "Of the drug tests the program recorded in these weeks, the share "
        "negative for ketamine."
    ),
    "tests": _("How many drug tests the program recorded in these weeks."),
    "mean_craving": _(
        "The average craving, 0 to 10, over every shared check-in in these weeks. "
        "A patient's own page shows their own days instead."
    ),
    "phq9_change": _(
        "For patients with two or more PHQ-9 scores (a mood questionnaire): the "
        "average change from their first to their latest score. Below zero "
        "means lower, which is better. A score is never a diagnosis."
    ),
    "gad7_change": _(
        "For patients with two or more GAD-7 scores (an anxiety questionnaire): "
        "the average change from their first to their latest score. Below zero "
        "means lower, which is better. A score is never a diagnosis."
    ),
}
# An empty figure says why: nobody reached the day yet, or nothing to count.
EMPTY_TEXT = {
    "retention_30": _("Not enough patients yet"),
    "retention_90": _("Not enough patients yet"),
}
NO_DATA = _("No data")


def measure_display(report: dict) -> list[dict]:
    """The measures for the page: label, the figure or why there is none,
    and what the measure means."""
    from clearhead.flags.definitions import ADHERENCE_DAYS

    return [
        {
            "key": key,
            "label": label,
            "text": text or EMPTY_TEXT.get(key, NO_DATA),
            "empty": not text,
            "help": MEASURE_HELP[key] % {"adherence_days": ADHERENCE_DAYS},
        }
        for key, label, text in measure_rows(
            report, suppressed=gettext(SUPPRESSED_TEXT)
        )
    ]


def level_change_rows(report: dict) -> list[dict]:
    """Each change of level in words: "Outpatient → Intensive outpatient"."""
    from clearhead.care.models import LEVELS_OF_CARE

    names = dict(LEVELS_OF_CARE)
    return [
        change
        | {
            "from_label": names.get(change["from_level"], change["from_level"]),
            "to_label": names.get(change["to_level"], change["to_level"]),
        }
        for change in report["level_changes"]
    ]


def outcomes_csv(report: dict, query: dict):
    """The report as CSV: one row per measure, then the weekly craving series."""
    import csv

    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clearhead-outcomes.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["program", query["program"].name, "from", report["start"], "to", report["end"]]
    )
    writer.writerow(["measure", "value"])
    for key, _label, text in measure_rows(report):
        writer.writerow([key, text.removesuffix("%")])
    writer.writerow([])
    writer.writerow(["week", "mean craving", "check-ins"])
    for week, craving, count, hidden in report["weekly_craving"]:
        if hidden:
            writer.writerow([week, SUPPRESSED_TEXT, SUPPRESSED_TEXT])
        else:
            writer.writerow([week, craving, count])
    writer.writerow([])
    writer.writerow(["from level", "to level", "changes"])
    for change in report["level_changes"]:
        count = SUPPRESSED_TEXT if change["suppressed"] else change["count"]
        writer.writerow([change["from_level"], change["to_level"], count])
    writer.writerow([])
    writer.writerow(["note", report["footnote"]])
    writer.writerow(["note", WHOLE_WEEKS])
    return response
