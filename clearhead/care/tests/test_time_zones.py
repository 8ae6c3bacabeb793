"""The patient's zone: their own, else their earliest program's, else the region's."""

import ast
import inspect
from datetime import date

import pytest
from django.test.utils import override_settings

from clearhead.care.models import Enrollment, Program
from clearhead.care.time_zones import time_zone_for, time_zones_for, today_for
from clearhead.core import clock


def _enroll(patient, zone: str, started_on: date) -> Enrollment:
    program = Program.objects.create(name=f"Program in {zone}", time_zone=zone)
    return Enrollment.objects.create(
        program=program, patient=patient, started_on=started_on
    )


@override_settings(CLEARHEAD_REGION="UK")
def test_the_rule_own_then_earliest_program_then_region(
    patient_pat, patient_pia, supporter_sam, django_assert_num_queries
):
    patient_pat.time_zone = "America/Chicago"
    patient_pat.save(update_fields=["time_zone"])
    _enroll(patient_pat, "America/Denver", date(2026, 1, 1))
    _enroll(patient_pia, "America/Phoenix", date(2026, 3, 1))
    _enroll(patient_pia, "Pacific/Honolulu", date(2026, 2, 1))  # earlier
    discharged = _enroll(patient_pia, "America/Anchorage", date(2025, 1, 1))
    discharged.status = Enrollment.Status.DISCHARGED
    discharged.save(update_fields=["status"])
    ids = [patient_pat.pk, patient_pia.pk, supporter_sam.pk]
    with django_assert_num_queries(1):
        zones = time_zones_for(ids)
    assert zones == {
        patient_pat.pk: "America/Chicago",
        patient_pia.pk: "Pacific/Honolulu",
        supporter_sam.pk: "Europe/London",
    }
    # One patient, the same path: no query when the account has a zone.
    with django_assert_num_queries(0):
        assert time_zone_for(patient_pat) == "America/Chicago"
    with django_assert_num_queries(1):
        assert time_zone_for(patient_pia) == "Pacific/Honolulu"
    assert today_for(patient_pia) == clock.today_in("Pacific/Honolulu")


def test_no_patients_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert time_zones_for([]) == {}


@pytest.mark.parametrize("banned", ["clearhead", "get_user_model"])
def test_the_clock_imports_no_app(banned):
    tree = ast.parse(inspect.getsource(clock))
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        + [alias.name for alias in node.names]
    ]
    assert not [name for name in imported if name.startswith(banned)]
