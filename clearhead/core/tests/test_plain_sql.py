"""core.plain_sql: statements built once give what the ORM gives, in order,
on SQLite and PostgreSQL (one round trip there)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhead.accounts.models import Role, User
from clearhead.core.plain_sql import PlainSelect, PlainUpdate, fetch_together
from clearhead.testing import make_user

pytestmark = pytest.mark.django_db

BY_ID = PlainSelect(User, ["id", "email", "time_zone", "date_joined"], "id = %s")
USER = PlainSelect(User, [f.name for f in User._meta.concrete_fields], "id = %s")
ZONE = PlainUpdate(User, ["time_zone"])


def test_the_first_statements_run_before_the_reads_and_each_read_keeps_its_rows():
    pat = make_user("pat@example.org", Role.PATIENT)
    sam = make_user("sam@example.org", Role.PATIENT)
    table = User._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        rows = fetch_together(
            (BY_ID, [pat.pk]),
            (BY_ID, [sam.pk]),
            first=[
                (
                    f"UPDATE {table} SET time_zone = %s WHERE id = %s",  # noqa: S608
                    ["Asia/Tokyo", pat.pk],
                )
            ],
        )
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)
    assert rows == [
        list(
            User.objects.filter(pk=pat.pk).values_list(
                *[f.attname for f in BY_ID.fields]
            )
        ),
        list(
            User.objects.filter(pk=sam.pk).values_list(
                *[f.attname for f in BY_ID.fields]
            )
        ),
    ]
    assert rows[0][0][2] == "Asia/Tokyo"


def test_an_update_writes_what_the_orm_would():
    pat = make_user("pat@example.org", Role.PATIENT)
    pat.time_zone = "America/Chicago"
    ZONE.update(pat)
    assert User.objects.get(pk=pat.pk).time_zone == "America/Chicago"
    (read,) = USER.instances([pat.pk])
    assert read.time_zone == "America/Chicago"
    assert read.date_joined == User.objects.get(pk=pat.pk).date_joined
    with pytest.raises(TypeError):
        BY_ID.instances([pat.pk])
