"""Stored flags checked from outside: what a client may send them."""

import pytest
from django.core.exceptions import ValidationError

from clearhead.clinic.tests.test_clinic import checkin
from clearhead.flags import services
from clearhead.flags.models import Flag
from clearhead.flags.tests.test_flag_services import pat_enrolled  # noqa: F401


def test_a_review_note_with_a_nul_character_is_a_field_error(
    pat_enrolled,  # noqa: F811
    casey_in_program,
    patient_pat,
):
    """PostgreSQL cannot store NUL in text: refused as the note's error,
    on every database, and the flag stays unreviewed."""
    checkin(patient_pat, self_harm_thoughts=True)
    flag = Flag.objects.get(patient=patient_pat, cleared_at=None)
    with pytest.raises(ValidationError) as refused:
        services.flag_review(actor=casey_in_program, flag=flag, note="called\x00")
    assert "note" in refused.value.message_dict
    assert not Flag.objects.get(pk=flag.pk).is_reviewed
