"""The API root, its schema and docs, authentication and the error shape."""

import re

from clearhead.accounts import services
from clearhead.config.api import _field_name


def test_the_api_root_describes_itself_without_sign_in(client, db):
    body = client.get("/api/v1/").json()
    assert body["name"] == "Clearhead API"
    assert body["links"]["openapi"] == "/api/v1/openapi.json"
    assert body["authenticated"] is False


def test_the_openapi_schema_lists_the_operations(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Clearhead API"
    assert "/api/v1/me" in schema["paths"]
    assert "BearerTokenAuth" in schema["components"]["securitySchemes"]


def test_the_docs_page_uses_only_our_own_files(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_me_needs_authentication_and_answers_in_json(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send a valid API token."}


def test_me_with_a_session(client, patient_pat):
    client.force_login(patient_pat)
    body = client.get("/api/v1/me").json()
    assert body == {
        "id": str(patient_pat.public_id),
        "email": "pat@example.org",
        "display_name": "Pat",
        "role": "patient",
    }


def test_a_wrong_bearer_token_is_refused(client, patient_pat):
    services.api_token_create(actor=patient_pat, name="real")
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer ch_forged"})
    assert response.status_code == 401


def test_a_deactivated_account_token_stops_working(client, patient_pat):
    _, raw = services.api_token_create(actor=patient_pat, name="x")
    patient_pat.is_active = False
    patient_pat.save()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_an_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_error_fields_name_what_the_client_sent():
    assert _field_name(["body", "payload", "answers", 3]) == "answers.3"
    assert _field_name(["query", "since"]) == "since"
    assert _field_name(["body", "payload"]) == "body"
