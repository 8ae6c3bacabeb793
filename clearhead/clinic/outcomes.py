"""Program outcomes, computed in the database: counts and averages, not loops over rows."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Sum

from clearhead.clinic.models import DrugTest, Enrollment, LevelChange
from clearhead.recovery.models import DailyCheckIn
from clearhead.screening.models import ScreeningResult


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _retention(enrollments, days: int, end: date) -> float | None:
    eligible = enrollments.filter(started_on__lte=end - timedelta(days=days))
    checked_in_later = DailyCheckIn.objects.filter(
        patient_id=OuterRef("patient_id"),
        day__gte=OuterRef("started_on") + timedelta(days=days),
    )
    kept = eligible.filter(
        Q(status=Enrollment.Status.ACTIVE) | Exists(checked_in_later)
    )
    return _percent(kept.count(), eligible.count())


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


def _score_change(patient_ids, instrument_id: str) -> float | None:
    """Mean change from each patient's first to latest score, in one query."""
    same = ScreeningResult.objects.filter(
        patient_id=OuterRef("patient_id"), instrument_id=instrument_id
    )
    per_patient = (
        ScreeningResult.objects.filter(
            patient_id__in=patient_ids, instrument_id=instrument_id
        )
        .values("patient_id")
        .annotate(first_at=Min("created_at"), last_at=Max("created_at"))
        .filter(first_at__lt=F("last_at"))
        .annotate(
            first=Subquery(same.order_by("created_at").values("result__total")[:1]),
            latest=Subquery(same.order_by("-created_at").values("result__total")[:1]),
        )
    )
    changes = [row["latest"] - row["first"] for row in per_patient]
    return round(sum(changes) / len(changes), 1) if changes else None


def program_outcomes(*, program, start: date, end: date) -> dict:
    enrollments = Enrollment.objects.filter(program=program, started_on__lte=end)
    patient_ids = enrollments.values("patient_id")
    checkins = DailyCheckIn.objects.filter(
        patient_id__in=patient_ids, day__range=(start, end)
    )
    # One pass over the period's check-ins, grouped by day (at most one row
    # per day of the period): the totals and the weekly series come from it.
    daily = list(
        checkins.values("day")
        .annotate(
            craving_sum=Sum("craving"),
            count=Count("id"),
            abstinent=Count("id", filter=Q(used_ketamine=False)),
        )
        .order_by("day")
    )
    total = sum(row["count"] for row in daily)
    craving_total = sum(row["craving_sum"] for row in daily)
    enrolled = enrollments.count()
    period_days = (end - start).days + 1
    tests = DrugTest.objects.filter(
        enrollment__program=program, collected_on__range=(start, end)
    )
    test_counts = tests.aggregate(
        total=Count("id"),
        negative=Count("id", filter=Q(results__ketamine="negative")),
    )
    return {
        "enrolled": enrolled,
        "retention_30": _retention(enrollments, 30, end),
        "retention_90": _retention(enrollments, 90, end),
        "adherence": _percent(
            checkins.values("patient_id", "day").distinct().count(),
            enrolled * period_days,
        ),
        "abstinent_days_self_report": _percent(
            sum(row["abstinent"] for row in daily), total
        ),
        "negative_ketamine_tests": _percent(
            test_counts["negative"], test_counts["total"]
        ),
        "tests": test_counts["total"],
        "mean_craving": round(craving_total / total, 1) if total else None,
        "weekly_craving": weekly_means(daily),
        "phq9_change": _score_change(patient_ids, "phq9"),
        "gad7_change": _score_change(patient_ids, "gad7"),
        "level_changes": list(
            LevelChange.objects.filter(
                enrollment__program=program, changed_at__date__range=(start, end)
            )
            .values("from_level", "to_level")
            .annotate(count=Count("id"))
            .order_by("-count")
        ),
    }


def outcomes_csv(report: dict, query: dict):
    """The report as CSV: one row per measure, then the weekly craving series."""
    import csv

    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clearhead-outcomes.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["program", query["program"].name, "from", query["start"], "to", query["end"]]
    )
    writer.writerow(["measure", "value"])
    for key in (
        "enrolled",
        "retention_30",
        "retention_90",
        "adherence",
        "abstinent_days_self_report",
        "negative_ketamine_tests",
        "tests",
        "mean_craving",
        "phq9_change",
        "gad7_change",
    ):
        writer.writerow([key, "" if report[key] is None else report[key]])
    writer.writerow([])
    writer.writerow(["week", "mean craving", "check-ins"])
    for week, craving, count in report["weekly_craving"]:
        writer.writerow([week, craving, count])
    writer.writerow([])
    writer.writerow(["from level", "to level", "changes"])
    for change in report["level_changes"]:
        writer.writerow([change["from_level"], change["to_level"], change["count"]])
    return response
