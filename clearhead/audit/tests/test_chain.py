"""The tamper-evident audit chain and `clearhead audit verify`."""

import io

import pytest
from django.core.management import CommandError, call_command

from clearhead.audit.actions import AuditAction
from clearhead.audit.chain import audit_seal, audit_verify
from clearhead.audit.models import AuditEvent
from clearhead.audit.services import audit_record


def record_some(patient, count=5):
    for _ in range(count):
        audit_record(actor=patient, action=AuditAction.CHECKINS_VIEWED, patient=patient)


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_sealed_entries_form_an_intact_chain(patient_pat):
    record_some(patient_pat)
    assert audit_seal() == AuditEvent.objects.count()
    assert audit_seal() == 0
    record_some(patient_pat, 2)
    audit_seal()
    result = audit_verify()
    assert result.ok
    assert result.checked == AuditEvent.objects.count()
    assert "Audit chain intact" in verify_output()


def test_a_changed_entry_is_named_as_the_first_broken_one(patient_pat):
    record_some(patient_pat)
    audit_seal()
    third = AuditEvent.objects.get(sequence=3)
    AuditEvent.objects.filter(pk=third.pk).update(extra={"hidden": "edit"})
    with pytest.raises(
        CommandError,
        match=rf"broken at entry 3 \({third.public_id}.*do not match its hash",
    ):
        verify_output()


def test_a_removed_entry_is_found(patient_pat):
    record_some(patient_pat)
    audit_seal()
    AuditEvent.objects.filter(sequence=2).delete()
    result = audit_verify()
    assert not result.ok
    assert result.problem == "entry 2 is missing"


def test_unsealed_entries_are_reported(patient_pat):
    record_some(patient_pat, 2)
    audit_seal()
    record_some(patient_pat, 3)
    assert "3 not yet sealed" in verify_output()


# transaction: the worker's task runner closes the database connection.
@pytest.mark.django_db(transaction=True)
def test_each_worker_pass_seals_new_entries(patient_pat):
    """The README and `clearhead audit` say the worker seals: it does."""
    record_some(patient_pat, count=2)
    assert AuditEvent.objects.filter(sequence=None).exists()
    call_command("worker", once=True)
    assert not AuditEvent.objects.filter(sequence=None).exists()
