"""The audit log's MACs and checkpoint: each way of rewriting it is named by verify."""

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from clearhead.audit.actions import AuditAction
from clearhead.audit.chain import GENESIS, audit_seal, audit_verify, digest
from clearhead.audit.integrity import event_mac, read_checkpoint
from clearhead.audit.models import AuditEvent
from clearhead.audit.services import audit_record, audit_record_for_patients
from clearhead.testing import make_user


def record_some(patient, count=5, action=AuditAction.CHECKINS_VIEWED):
    for _ in range(count):
        audit_record(actor=patient, action=action, patient=patient)


def verify_failure() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", stdout=io.StringIO())
    return str(failure.value)


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def recompute_chain() -> None:
    """What someone with the database but not the key can do: renumber and rehash."""
    previous = GENESIS
    events = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.update(sequence=None)
    for number, event in enumerate(events, start=1):
        event.sequence = number
        event.chain_hash = previous = digest(event, previous)
        AuditEvent.objects.filter(pk=event.pk).update(
            sequence=number, chain_hash=event.chain_hash
        )


def test_every_event_carries_the_mac_of_its_content_from_the_start(patient_pat):
    record_some(patient_pat, 2)
    audit_record_for_patients(
        actor=patient_pat,
        action=AuditAction.CASELOAD_VIEWED,
        patient_ids=AuditEvent.objects.values("patient_id")[:1],
    )
    events = list(AuditEvent.objects.all())
    assert len(events) == 4  # and Pat's account being created
    assert all(event.sequence is None for event in events)
    assert all(len(event.mac) == 64 for event in events)
    assert all(event.mac == event_mac(event) for event in events)
    assert event_mac(events[0], key="another key") != events[0].mac


def test_an_unsealed_event_edited_is_named(patient_pat):
    """Before MACs, an edit before the worker sealed the event went unseen."""
    record_some(patient_pat, 3)
    edited = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=edited.pk).update(action=AuditAction.LOGGED_IN)
    message = verify_failure()
    assert f"unsealed event ({edited.public_id}, id {edited.pk}," in message
    assert "do not match its MAC" in message
    assert message.count("do not match its MAC") == 1


def test_a_sealed_event_edited_is_named_by_its_mac_and_the_chain(patient_pat):
    record_some(patient_pat)
    audit_seal()
    third = AuditEvent.objects.get(sequence=3)
    AuditEvent.objects.filter(pk=third.pk).update(patient=None)
    message = verify_failure()
    assert f"entry 3 ({third.public_id}, id {third.pk}," in message
    assert "do not match its MAC" in message
    assert "do not match its hash" in message
    # Only the edited entry is named: the chain is checked on past it.
    assert "entry 4" not in message


def test_an_event_forged_without_the_key_is_named(patient_pat):
    record_some(patient_pat, 2)
    forged = AuditEvent.objects.order_by("id").first()
    AuditEvent.objects.filter(pk=forged.pk).update(mac="")
    assert f"({forged.public_id}, id {forged.pk}," in verify_failure()
    assert "has no MAC" in verify_failure()


def test_a_deleted_middle_entry_is_named_with_its_neighbours(patient_pat):
    record_some(patient_pat)
    audit_seal()
    first, third = (
        AuditEvent.objects.get(sequence=1),
        AuditEvent.objects.get(sequence=3),
    )
    AuditEvent.objects.filter(sequence=2).delete()
    message = verify_failure()
    assert "entry 2 is missing" in message
    assert f"after entry 1 ({first.public_id}" in message
    assert f"before entry 3 ({third.public_id}" in message


def test_sealing_checkpoints_the_head_outside_the_database(patient_pat, caplog):
    record_some(patient_pat, 3)  # and Pat's account being created
    with caplog.at_level(logging.INFO, logger="clearhead.audit"):
        audit_seal()
    head = AuditEvent.objects.get(sequence=4)
    checkpoint = read_checkpoint()
    assert (checkpoint.sequence, checkpoint.hash) == (4, head.chain_hash)
    assert settings.AUDIT_CHECKPOINT_FILE.is_file()
    assert f"entry 4, hash {head.chain_hash}" in caplog.text
    assert "head matches the checkpoint (entry 4)" in verify_output()


def test_deleted_newest_entries_are_found_through_the_checkpoint(patient_pat):
    """Before the checkpoint, deleting the newest entries verified as intact."""
    record_some(patient_pat, 4)  # and Pat's account being created
    audit_seal()
    AuditEvent.objects.filter(sequence__gte=4).delete()
    message = verify_failure()
    assert "entries 4-5 are missing" in message
    assert "The newest entries were deleted" in message


def test_the_sealer_does_not_checkpoint_over_deleted_newest_entries(patient_pat):
    record_some(patient_pat, 4)  # and Pat's account being created
    audit_seal()
    AuditEvent.objects.filter(sequence__gte=4).delete()
    record_some(patient_pat, 4)  # new activity would seal past entry 5 again
    audit_seal()
    assert read_checkpoint().sequence == 5
    assert "Audit chain rewritten: entry 5" in verify_failure()


def test_a_recomputed_chain_is_found_through_the_checkpoint(patient_pat):
    """Removing an emergency-access entry and rehashing verified as intact."""
    admin = make_user("admin@example.org", role="admin")
    record_some(patient_pat, 2)
    audit_record(
        actor=admin, action=AuditAction.EMERGENCY_RECORD_VIEWED, patient=patient_pat
    )
    record_some(patient_pat, 2)
    audit_seal()
    AuditEvent.objects.filter(action=AuditAction.EMERGENCY_RECORD_VIEWED).delete()
    recompute_chain()
    assert "Audit log shortened" in verify_failure()
    # The same, with enough new entries to hide the shorter length.
    record_some(patient_pat, 3)
    recompute_chain()
    message = verify_failure()
    assert "Audit chain rewritten" in message
    assert "the checkpoint written at" in message


def test_a_checkpoint_edited_without_the_key_is_reported(patient_pat):
    record_some(patient_pat, 3)
    audit_seal()
    path = settings.AUDIT_CHECKPOINT_FILE
    data = json.loads(path.read_text())
    data["sequence"] = 2
    path.write_text(json.dumps(data))
    assert "its MAC does not match" in verify_failure()


def test_a_missing_checkpoint_is_reported_once_entries_are_sealed(patient_pat):
    record_some(patient_pat, 2)
    audit_seal()
    settings.AUDIT_CHECKPOINT_FILE.unlink()
    assert "No checkpoint of the audit chain's head" in verify_failure()


# transaction: a restore replaces the database under every open transaction.
@pytest.mark.django_db(transaction=True)
def test_a_restore_is_recorded_and_not_reported_as_tampering(patient_pat, tmp_path):
    record_some(patient_pat, 2)  # and Pat's account being created
    audit_seal()
    archive = tmp_path / "clearhead.backup"
    call_command("backup", str(archive))
    record_some(patient_pat, 4)
    audit_seal()
    assert read_checkpoint().sequence == 7

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "re-anchored at entry 4 (it was at entry 7" in out.getvalue()

    restore = AuditEvent.objects.get(action=AuditAction.DATABASE_RESTORED)
    assert restore.sequence == 4
    assert restore.extra["backup"] == "clearhead.backup"
    assert restore.extra["previous_checkpoint_entry"] == 7
    assert read_checkpoint().sequence == 4
    assert "Audit chain intact: 4 entries verified" in verify_output()
    # And the log goes on from there.
    record_some(patient_pat, 2)
    audit_seal()
    assert read_checkpoint().sequence == 6
    assert audit_verify().ok


def test_rotating_the_key_re_macs_every_event_and_the_checkpoint(patient_pat, tmp_path):
    record_some(patient_pat, 3)
    audit_seal()
    record_some(patient_pat, 1)  # unsealed: rotation seals it first
    new_key_file = tmp_path / "audit_key.new"
    new_key_file.write_text("n" * 40 + "\n")
    out = io.StringIO()
    call_command("audit", "rotate-key", str(new_key_file), stdout=out)
    assert "Audit key changed: 5 entries and the checkpoint" in out.getvalue()

    assert not audit_verify().ok  # the old key no longer fits
    with override_settings(CLEARHEAD_AUDIT_KEY="n" * 40):
        assert "Audit chain intact: 6 entries verified" in verify_output()
        rotation = AuditEvent.objects.get(action=AuditAction.AUDIT_KEY_ROTATED)
        assert rotation.sequence == 6
        assert read_checkpoint().sequence == 6


def test_rotating_the_key_refuses_a_log_that_does_not_verify(patient_pat, tmp_path):
    record_some(patient_pat, 2)
    AuditEvent.objects.filter(pk=AuditEvent.objects.first().pk).update(extra={"x": 1})
    new_key_file = tmp_path / "audit_key.new"
    new_key_file.write_text("n" * 40)
    with pytest.raises(CommandError, match="does not verify under the current key"):
        call_command("audit", "rotate-key", str(new_key_file))
    short = tmp_path / "short"
    short.write_text("n" * 31)
    with pytest.raises(CommandError, match=r"at least 32 random bytes \(it has 31\)"):
        call_command("audit", "rotate-key", str(short))


def logged_head(caplog) -> str:
    """The SEQ:HASH of the last head the worker logged."""
    return re.findall(r"--expect-head (\d+:[0-9a-f]{64})", caplog.text)[-1]


def replay_older_checkpoint(patient_pat, caplog) -> str:
    """Seal, keep the checkpoint file, seal more, then delete those and copy it back.

    Returns the newest head the worker logged before the tampering.
    """
    record_some(patient_pat, 3)  # and Pat's account being created
    audit_seal()
    older = settings.AUDIT_CHECKPOINT_FILE.read_bytes()
    record_some(patient_pat, 3)
    with caplog.at_level(logging.INFO, logger="clearhead.audit"):
        audit_seal()
    AuditEvent.objects.filter(sequence__gte=5).delete()
    settings.AUDIT_CHECKPOINT_FILE.write_bytes(older)
    return logged_head(caplog)


def test_an_older_checkpoint_copied_back_is_caught_against_the_logged_head(
    patient_pat, caplog
):
    head = replay_older_checkpoint(patient_pat, caplog)
    assert head.startswith("7:")
    # The limit docs/architecture.md states: on the machine alone it fits.
    assert "Audit chain intact" in verify_output()
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", "--expect-head", head, stdout=io.StringIO())
    message = str(failure.value)
    assert "entries 5-7 are missing" in message
    assert "behind the head kept elsewhere (entry 7" in message
    assert "The audit checkpoint is behind the head kept elsewhere" in message
    assert "it records entry 4" in message


def test_new_entries_sealed_over_a_replay_do_not_hide_it(patient_pat, caplog):
    """The worker carries on after the replay: the chain reaches entry 7 again."""
    head = replay_older_checkpoint(patient_pat, caplog)
    record_some(patient_pat, 3)
    audit_seal()
    assert "head matches the checkpoint (entry 7)" in verify_output()
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", "--expect-head", head, stdout=io.StringIO())
    message = str(failure.value)
    assert "Audit chain rewritten: entry 7" in message
    assert "not the hash of the head kept elsewhere" in message


def test_verify_accepts_a_head_it_still_holds(patient_pat, caplog):
    record_some(patient_pat, 3)
    with caplog.at_level(logging.INFO, logger="clearhead.audit"):
        audit_seal()
    head = logged_head(caplog)
    record_some(patient_pat, 2)
    audit_seal()
    out = io.StringIO()
    call_command("audit", "verify", "--expect-head", head, stdout=out)
    assert f"holds the expected head {head}" in out.getvalue()


@pytest.mark.parametrize("head", ["7", "7:abc", "x:" + "a" * 64, "0:" + "a" * 64])
def test_a_malformed_expected_head_is_refused_with_its_form(patient_pat, head):
    with pytest.raises(CommandError, match="--expect-head takes SEQ:HASH"):
        call_command("audit", "verify", "--expect-head", head, stdout=io.StringIO())
