"""A patient reaches only their own account, never another patient's."""

from django.urls import reverse

from clearhead.accounts import services
from clearhead.accounts.models import ApiToken


def test_a_patient_cannot_open_or_change_another_patients_account(
    client, patient_pat, patient_pia
):
    pat_token, _pat_raw = services.api_token_create(
        actor=patient_pat, name="Pat's phone"
    )
    client.force_login(patient_pia)

    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert "pia@example.org" in settings_page
    assert "pat@example.org" not in settings_page
    assert "Pat&#x27;s phone" not in settings_page
    assert "Pat's phone" not in settings_page

    response = client.post(
        reverse("accounts:api_token_revoke", args=[pat_token.public_id])
    )
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=pat_token.pk).is_active

    me = client.get("/api/v1/me").json()
    assert me["email"] == "pia@example.org"


def test_another_patients_token_id_is_not_found_not_forbidden(
    client, patient_pat, patient_pia
):
    # 404 rather than 403: the answer must not confirm that the id exists.
    pat_token, _ = services.api_token_create(actor=patient_pat, name="x")
    client.force_login(patient_pia)
    url = reverse("accounts:api_token_revoke", args=[pat_token.public_id])
    assert client.post(url).status_code == 404


def test_patients_and_clinicians_cannot_reach_staff_invitations(
    client, patient_pat, clinician_casey
):
    for user in (patient_pat, clinician_casey):
        client.force_login(user)
        assert client.get(reverse("accounts:staff_invitations")).status_code == 403


def test_only_administrators_reach_the_admin_site(client, patient_pat, admin_ada):
    client.force_login(patient_pat)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_ada)
    assert client.get("/admin/").status_code == 200
