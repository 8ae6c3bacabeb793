"""The audit path: who, when, whose record, what, from where, through which page."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import UnauditedAccessError, shows_patient_data
from clearhead.audit.middleware import AuditContextMiddleware, client_ip
from clearhead.audit.models import AuditEvent
from clearhead.audit.services import audit_record
from clearhead.testing import assert_audited, views_without_audit_policy


@shows_patient_data(AuditAction.ACCOUNT_VIEWED)
def audited_patient_view(request, public_id):
    audit_record(
        actor=request.user, action=AuditAction.ACCOUNT_VIEWED, patient=request.user
    )
    return HttpResponse("Pat's record")


@shows_patient_data(AuditAction.ACCOUNT_VIEWED)
def forgetful_patient_view(request, public_id):
    return HttpResponse("Pat's record, shown off the record")


@shows_patient_data(AuditAction.ACCOUNT_VIEWED)
def refused_patient_view(request, public_id):
    return HttpResponse("not yours", status=404)


@shows_patient_data(AuditAction.PLAN_VIEWED)
def misnamed_patient_view(request, public_id):
    """Shows a plan but records it as something else."""
    audit_record(
        actor=request.user, action=AuditAction.CHECKINS_VIEWED, patient=request.user
    )
    return HttpResponse("Pat's plan")


@shows_patient_data(AuditAction.PLAN_VIEWED, AuditAction.PLAN_SAVED)
def misnamed_patient_save(request, public_id):
    """Saves a plan, records a thought record, and redirects."""
    audit_record(
        actor=request.user,
        action=AuditAction.THOUGHT_RECORD_SAVED,
        patient=request.user,
    )
    return HttpResponse(status=302, headers={"Location": "/"})


urlpatterns = [
    path("misnamed/<uuid:public_id>/", misnamed_patient_view, name="misnamed"),
    path("misnamed-save/<uuid:public_id>/", misnamed_patient_save, name="misnamed2"),
    path("audited/<uuid:public_id>/", audited_patient_view, name="audited"),
    path("forgetful/<uuid:public_id>/", forgetful_patient_view, name="forgetful"),
    path("refused/<uuid:public_id>/", refused_patient_view, name="refused"),
]

pytestmark = pytest.mark.urls(__name__)


def test_a_patient_data_view_records_who_whose_what_where_and_through_which_page(
    client, patient_pat
):
    client.force_login(patient_pat)
    client.get(f"/audited/{patient_pat.public_id}/", REMOTE_ADDR="203.0.113.9")
    event = assert_audited(
        action=AuditAction.ACCOUNT_VIEWED, actor=patient_pat, patient=patient_pat
    )
    assert event.ip_address == "203.0.113.9"
    assert event.channel == "audited"
    assert event.method == "GET"
    assert event.actor_role == "patient"
    assert event.occurred_at is not None


def test_a_view_that_shows_patient_data_without_auditing_fails_loudly(
    client, patient_pat
):
    client.force_login(patient_pat)
    with pytest.raises(UnauditedAccessError, match="forgetful_patient_view"):
        client.get(f"/forgetful/{patient_pat.public_id}/")


def test_a_view_that_records_another_action_than_it_declares_fails_loudly(
    client, patient_pat
):
    """Before, any audit row satisfied the decorator, whatever its action."""
    client.force_login(patient_pat)
    with pytest.raises(
        UnauditedAccessError,
        match=r"misnamed_patient_view recorded CHECKINS_VIEWED \(305\), which it "
        r"does not declare \(it declares PLAN_VIEWED \(309\)\)",
    ):
        client.get(f"/misnamed/{patient_pat.public_id}/")
    # A redirect shows nothing, but still may not record under another name.
    with pytest.raises(UnauditedAccessError, match="THOUGHT_RECORD_SAVED"):
        client.post(f"/misnamed-save/{patient_pat.public_id}/")


def test_a_view_must_declare_what_it_records():
    with pytest.raises(TypeError, match="needs the AuditAction"):
        shows_patient_data(lambda request: None)


def test_a_refusal_shows_no_data_and_needs_no_audit_row(client, patient_pat):
    client.force_login(patient_pat)
    response = client.get(f"/refused/{patient_pat.public_id}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.ACCOUNT_VIEWED).exists()


@pytest.mark.urls("clearhead.config.urls")
def test_every_page_and_api_operation_declares_whether_it_shows_patient_data():
    assert views_without_audit_policy() == []


@pytest.mark.urls("clearhead.config.urls")
def test_the_coverage_check_names_a_view_that_declares_nothing(monkeypatch):
    from clearhead.core import views

    monkeypatch.delattr(views.home, "clearhead_audit_policy")
    assert views_without_audit_policy() == [""]  # the home page's route


def test_audit_rows_outside_a_request_have_no_origin(db, patient_pat):
    event = audit_record(
        actor=None, action=AuditAction.USER_CREATED, subject=patient_pat
    )
    assert event.actor is None
    assert event.ip_address is None
    assert event.subject_type == "accounts.user"
    assert event.subject_id == str(patient_pat.public_id)


@override_settings(CLEARHEAD_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_client_is_the_last_forwarded_address():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.5"


def test_without_trusted_proxies_a_forged_forwarded_header_is_ignored():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="192.0.2.44"
    )
    assert client_ip(request) == "192.0.2.44"


def test_the_request_origin_does_not_leak_into_the_next_request(db):
    from clearhead.audit.context import current_origin

    middleware = AuditContextMiddleware(lambda request: HttpResponse())
    middleware(RequestFactory().get("/"))
    assert current_origin() is None
