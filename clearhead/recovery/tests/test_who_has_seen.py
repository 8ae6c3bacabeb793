from datetime import date

from django.urls import reverse

from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.models import RecoveryProfile


def test_a_patient_sees_who_opened_their_record_and_what_went_out(
    client, casey_in_program, program, patient_pat, patient_pia
):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(patient=patient_pat, stop_date=date(2026, 11, 1))
    enrollment = enroll(patient_pat, casey_in_program, program)
    client.force_login(casey_in_program)
    client.get(reverse("clinic:patient_detail", args=[enrollment.public_id]))
    client.get(f"/api/v1/patients/{patient_pat.public_id}/fhir")
    client.force_login(patient_pat)
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "Casey" in page
    assert "Patient record viewed by a clinician" in page
    assert "FHIR bundle exported" in page
    client.force_login(patient_pia)
    assert "Casey" not in client.get(reverse("my_record:who_has_seen")).content.decode()


def test_only_patients_have_this_page(client, clinician_casey):
    client.force_login(clinician_casey)
    assert client.get(reverse("my_record:who_has_seen")).status_code == 403
