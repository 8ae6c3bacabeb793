"""Attacks on the account-type change and the family pages (issue 16 review).

A forged cross-site POST, a staff member, a tampered role, a supporter whose
link ended, and hostile names in the "someone is waiting" notice.
"""

import pytest
from django.test import Client
from django.urls import reverse

from clearhead.accounts import selectors
from clearhead.accounts.models import Role, User
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.models import SupporterLink
from clearhead.core import clock
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.sharing import services as sharing_services

SWITCH = reverse("accounts:role_switch")


def test_a_forged_cross_site_post_changes_nothing(patient_pat):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(patient_pat)
    assert browser.post(SWITCH, {"role": "supporter"}).status_code == 403
    assert User.objects.get(pk=patient_pat.pk).is_patient


@pytest.mark.parametrize("wanted", ["patient", "supporter", "admin", "clinician"])
def test_staff_are_refused_whatever_they_ask(
    client, clinician_casey, admin_ada, wanted
):
    for staff in (clinician_casey, admin_ada):
        client.force_login(staff)
        assert client.post(SWITCH, {"role": wanted}).status_code == 403
        assert User.objects.get(pk=staff.pk).role == staff.role
    assert not AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGED).exists()


@pytest.mark.parametrize("wanted", ["admin", "clinician", "ADMIN", "patient "])
def test_a_tampered_role_never_makes_staff(client, patient_pat, supporter_sam, wanted):
    for person in (patient_pat, supporter_sam):
        client.force_login(person)
        assert client.post(SWITCH, {"role": wanted}).status_code in (400, 403)
        assert not User.objects.get(pk=person.pk).has_staff_role


def test_a_supporter_whose_link_ended_stays_a_supporter(
    client, patient_pat, supporter_sam
):
    onboard(patient_pat)
    link, code = sharing_services.supporter_invite(actor=patient_pat, relation="mum")
    sharing_services.supporter_accept(actor=supporter_sam, code=code)
    SupporterLink.objects.filter(pk=link.pk).update(ended_at=clock.now())
    assert not selectors.role_change_allowed(supporter_sam)
    client.force_login(supporter_sam)
    assert client.post(SWITCH, {"role": "patient"}).status_code == 400
    assert User.objects.get(pk=supporter_sam.pk).is_supporter


def test_hostile_names_in_the_waiting_notice_are_only_text(client, patient_pat):
    onboard(patient_pat)
    sam = User.objects.create_user(
        "sam2@example.org",
        "x",
        role=Role.SUPPORTER,
        display_name='<img src=x onerror="alert(1)">',
    )
    _, code = sharing_services.supporter_invite(
        actor=patient_pat, relation="</p><script>alert(2)</script>"
    )
    sharing_services.supporter_accept(actor=sam, code=code)
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:dashboard")).content.decode()
    assert "asked to support you" in page
    assert "<img src=x" not in page
    assert "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
