import re

import pytest
from django.core import mail
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


def test_a_reset_link_is_e_mailed_and_sets_a_new_password(client, patient_pat):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "pat@example.org"}
    )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.org"]
    link = re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]

    form_page = client.get(path, follow=True)
    assert "Set a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a fresh start today",
            "new_password2": "a fresh start today",
        },
    )
    assert done.status_code == 302
    patient_pat.refresh_from_db()
    assert patient_pat.check_password("a fresh start today")
    assert_audited(action=AuditAction.PASSWORD_RESET_COMPLETED, actor=patient_pat)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}
    )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_used_or_forged_link_explains_itself(client, patient_pat):
    response = client.get(
        reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": "MQ", "token": "forged-token"},
        )
    )
    assert "This link no longer works" in response.content.decode()
