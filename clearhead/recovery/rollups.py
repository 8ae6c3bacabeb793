"""The weekly roll-up of check-ins (`CheckInWeek`), by one writer.

Every path that adds or removes check-ins calls this module, so the rows
always equal what the check-ins give: `checkin_week_statements` (one
upsert, the week of one new check-in) and `checkin_weeks_rebuild`
(set-based, for check-ins written or removed in bulk). Reports over many patients read the
roll-up (clinic.outcomes) instead of every check-in.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection as default_connection

from clearhead.recovery.models import CheckInWeek, DailyCheckIn

_COLUMNS = (
    "patient_id, monday, checkins, craving_sum, abstinent, days, first_day, last_day"
)
# One week's figures, from its check-ins.
_SUMS = (
    "COUNT(*), SUM(craving), SUM(CASE WHEN used_ketamine THEN 0 ELSE 1 END), "
    "COUNT(DISTINCT day), MIN(day), MAX(day)"
)
_UPDATED = ", ".join(
    f"{column} = excluded.{column}"
    for column in (
        "checkins",
        "craving_sum",
        "abstinent",
        "days",
        "first_day",
        "last_day",
    )
)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# The class of the advisory locks taken on a patient's own entries
# (PostgreSQL), with the patient's id (as an int4) as the object: any
# constant.
LOCK_CLASS = 3_151_021


_LOCK = "SELECT pg_advisory_xact_lock(%s, %s)"


def patient_lock_statements(patient_id: int) -> list[tuple[str, list]]:
    """The statement ((sql, params)) that makes the writers of a patient's
    own entries take turns, to the end of the transaction: a check-in's week
    refresh, and closing the account (recovery.closing), which must see every
    check-in committed before it and be seen by every one after. Nothing on
    SQLite, whose immediate transactions let one writer in at a time."""
    if default_connection.vendor != "postgresql":
        return []
    return [(_LOCK, [LOCK_CLASS, patient_id % 2**31])]


# Params [monday, patient id, monday, sunday].
_REFRESH = (
    f"INSERT INTO {CheckInWeek._meta.db_table} ({_COLUMNS}) "  # noqa: S608  (our tables)
    f"SELECT patient_id, %s, {_SUMS} FROM {DailyCheckIn._meta.db_table} "
    "WHERE patient_id = %s AND day BETWEEN %s AND %s GROUP BY patient_id "
    f"ON CONFLICT (patient_id, monday) DO UPDATE SET {_UPDATED}"
)


def checkin_week_statements(patient_id: int, day: date) -> list[tuple[str, list]]:
    """The statements ((sql, params), in order) that recompute the patient's
    row for the week holding `day`, after a check-in was added to it, in the
    check-in's transaction: one INSERT ... SELECT ... ON CONFLICT DO UPDATE,
    reading that week's check-ins by the (patient, day) index. The caller
    runs them (core.plain_sql), with its next read where it can: they answer
    nothing.

    On PostgreSQL a statement reads the check-ins committed when it starts:
    two check-ins of one patient written at once would each sum the week
    without the other's, and the later upsert would keep one. So the
    patient's refreshes take turns (a lock held to the end of the
    transaction, taken by a statement of its own before the upsert, whose
    snapshot is then taken once the lock is held), each reading what the
    one before committed. SQLite's immediate transactions already let one
    writer in at a time."""
    monday = monday_of(day)
    return [
        *patient_lock_statements(patient_id),
        (_REFRESH, [monday, patient_id, monday, monday + timedelta(days=6)]),
    ]


def _monday_sql(vendor: str) -> str:
    """The Monday of a check-in's `day`, in the database's own dialect."""
    if vendor == "postgresql":
        return "(day - CAST(EXTRACT(ISODOW FROM day) AS integer) + 1)"
    return "date(day, '-' || ((CAST(strftime('%%w', day) AS INTEGER) + 6) %% 7) || ' days')"


def checkin_weeks_rebuild(
    patient_ids: Iterable[int] | None = None, *, connection=None
) -> None:
    """Recompute every week of these patients (None: of everyone) from their
    check-ins, in two set-based statements: for check-ins written or removed
    in bulk (synthetic data, a migration)."""
    connection = connection or default_connection
    where, params = "", []
    if patient_ids is not None:
        params = list(patient_ids)
        if not params:
            return
        where = f"WHERE patient_id IN ({', '.join(['%s'] * len(params))})"
    monday = _monday_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {CheckInWeek._meta.db_table} {where}",  # noqa: S608  (our table)
            params,
        )
        cursor.execute(
            f"INSERT INTO {CheckInWeek._meta.db_table} ({_COLUMNS}) "  # noqa: S608  (our tables)
            f"SELECT patient_id, {monday}, {_SUMS} "
            f"FROM {DailyCheckIn._meta.db_table} {where} "
            f"GROUP BY patient_id, {monday}",
            params,
        )
