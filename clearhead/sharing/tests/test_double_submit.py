"""A supporter who taps "Link with them" twice (a slow phone, a double tap)
is linked once and told so, not told her code does not work."""

from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.sharing import services
from clearhead.testing import make_user

SUPPORTER_HOME = reverse("sharing:supporter_home")


def test_the_same_code_sent_twice_by_the_same_supporter_links_once(
    client, patient_pat, supporter_sam
):
    onboard(patient_pat)
    _, code = services.supporter_invite(actor=patient_pat, relation="mum")
    client.force_login(supporter_sam)
    first = client.post(SUPPORTER_HOME, {"code": code})
    second = client.post(SUPPORTER_HOME, {"code": code}, follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "does not work" not in page
    assert "You are now linked with Pat" in page
    assert not AuditEvent.objects.filter(
        action=AuditAction.SUPPORTER_CODE_REFUSED
    ).exists()
    assert AuditEvent.objects.filter(action=AuditAction.SUPPORTER_JOINED).count() == 1


def test_a_used_code_still_refuses_anyone_else(client, patient_pat, supporter_sam):
    onboard(patient_pat)
    _, code = services.supporter_invite(actor=patient_pat, relation="mum")
    services.supporter_accept(actor=supporter_sam, code=code)
    other = make_user("sue@example.org", "supporter", "Sue")
    client.force_login(other)
    response = client.post(SUPPORTER_HOME, {"code": code})
    assert response.status_code == 400
    assert services.CODE_REFUSED in response.content.decode()
