"""Personal API tokens: made and revoked in settings, stored only as hashes."""

import pytest
from django.urls import reverse

from clearhead.accounts import services
from clearhead.accounts.models import ApiToken, hash_secret
from clearhead.audit.actions import AuditAction
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

SETTINGS = reverse("accounts:settings")


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, patient_pat):
    client.force_login(patient_pat)
    response = client.post(reverse("accounts:api_token_create"), {"name": "my phone"})
    assert response["Location"] == SETTINGS

    page = client.get(SETTINGS).content.decode()
    raw = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert raw.startswith("ch_")
    token = ApiToken.objects.get()
    assert token.token_hash == hash_secret(raw)
    assert raw not in {token.name, token.prefix, token.token_hash}
    assert_audited(action=AuditAction.API_TOKEN_CREATED, actor=patient_pat)

    again = client.get(SETTINGS).content.decode()
    assert raw not in again
    assert "my phone" in again


def test_the_token_authenticates_the_api_until_revoked(client, patient_pat):
    token, raw = services.api_token_create(actor=patient_pat, name="script")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).json()["email"] == (
        "pat@example.org"
    )

    client.force_login(patient_pat)
    client.post(reverse("accounts:api_token_revoke", args=[token.public_id]))
    client.logout()
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert_audited(action=AuditAction.API_TOKEN_REVOKED, actor=patient_pat)


def test_an_empty_token_name_is_a_form_error(client, patient_pat):
    client.force_login(patient_pat)
    response = client.post(reverse("accounts:api_token_create"), {"name": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_revoking_only_accepts_post(client, patient_pat, method):
    token, _ = services.api_token_create(actor=patient_pat, name="x")
    client.force_login(patient_pat)
    url = reverse("accounts:api_token_revoke", args=[token.public_id])
    assert getattr(client, method)(url).status_code == 405


def test_the_settings_page_costs_the_same_queries_with_many_tokens(
    client, db, django_assert_max_num_queries
):
    from clearhead.accounts.tests.factories import ApiTokenFactory, UserFactory

    owner = UserFactory()
    client.force_login(owner)
    ApiTokenFactory(user=owner)
    # 11: one of them asks whether the account may still change its type
    # (one query for every app's data, accounts.selectors.user_has_health_data).
    with django_assert_max_num_queries(11) as few:
        client.get(SETTINGS)
    ApiTokenFactory.create_batch(40, user=owner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(SETTINGS).content.decode()
    assert page.count("Revoke<span") == 41
