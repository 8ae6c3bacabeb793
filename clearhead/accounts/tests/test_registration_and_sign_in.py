"""Self-registration, sign-in, sign-out and password changes."""

import re
from html.parser import HTMLParser

from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from clearhead.accounts import services
from clearhead.accounts.models import Role, User
from clearhead.audit.actions import AuditAction
from clearhead.testing import assert_audited

REGISTER = reverse("accounts:register")
SIGN_IN = reverse("accounts:login")
SETTINGS = reverse("accounts:settings")


class _ShownText(HTMLParser):
    """The text of a page as shown without CSS: `hidden` elements left out."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.hidden_depth = 0  # >0 while inside a hidden element
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.hidden_depth or any(name == "hidden" for name, _ in attrs):
            self.hidden_depth += 1

    def handle_endtag(self, tag):
        if self.hidden_depth and tag not in self.VOID:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def shown_text(page: str) -> str:
    parser = _ShownText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def heading(page: str) -> str:
    return shown_text(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))


def registration(**overrides):
    data = {
        "role": "patient",
        "display_name": "Robin",
        "email": "Robin@Example.org",
        "password1": "a long walk at dawn",
        "password2": "a long walk at dawn",
    }
    return data | overrides


def test_a_person_registers_as_a_patient_and_is_signed_in(client, db):
    response = client.post(REGISTER, registration())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(response["Location"])["Location"] == reverse("recovery:dashboard")
    user = User.objects.get()
    assert user.email == "robin@example.org"  # stored lower-case
    assert user.role == Role.PATIENT
    assert_audited(action=AuditAction.USER_REGISTERED, actor=user)
    assert client.get(SETTINGS).status_code == 200


def test_an_invited_person_who_registers_goes_on_to_the_invitation(client, db):
    # Signed out, an e-mailed join link asks them to sign in; they have no
    # account yet, so "Create an account" must keep where they were going.
    join = "/clinic/join/?code=ABCD2345"
    sign_in = client.get(SIGN_IN, {"next": join}).content.decode()
    assert f'href="{REGISTER}?next=/clinic/join/%3Fcode%3DABCD2345"' in sign_in
    form = client.get(REGISTER, {"next": join}).content.decode()
    assert f'name="next" value="{join}"' in form
    response = client.post(REGISTER, registration(next=join))
    assert response["Location"] == join


def test_registration_never_sends_a_person_to_another_site(client, db):
    response = client.post(REGISTER, registration(next="https://evil.example/"))
    assert response["Location"] == reverse("accounts:home")


def test_a_family_member_registers_as_a_supporter(client, db):
    client.post(REGISTER, registration(role="supporter"))
    assert User.objects.get().role == Role.SUPPORTER


def test_nobody_can_register_themselves_as_a_clinician_or_admin(client, db):
    for role in ("clinician", "admin"):
        response = client.post(REGISTER, registration(role=role))
        assert response.status_code == 200
        assert "is not one of the available choices" in response.content.decode()
    assert not User.objects.exists()


def test_registration_errors_are_shown_on_the_form_and_nothing_is_saved(client, db):
    response = client.post(
        REGISTER,
        registration(email="not-an-address", password1="12345", password2="54321"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert "The two passwords are not the same." in page
    assert 'aria-invalid="true"' in page
    assert not User.objects.exists()


def test_a_weak_password_is_refused_with_the_reason(client, db):
    response = client.post(
        REGISTER, registration(password1="password123", password2="password123")
    )
    assert "This password is too common." in response.content.decode()
    assert not User.objects.exists()


def test_an_address_already_registered_is_refused_whatever_its_case(
    client, patient_pat
):
    response = client.post(REGISTER, registration(email="PAT@example.org"))
    assert "An account with this e-mail address already exists." in (
        response.content.decode()
    )
    assert User.objects.count() == 1


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]
)
def test_passwords_are_stored_with_argon2(db):
    user = services.user_register(
        email="argon@example.org", password="a long walk at dawn", role="patient"
    )
    assert identify_hasher(user.password).algorithm == "argon2"


def test_the_real_settings_hash_with_argon2_first():
    from clearhead.config import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sign_in_with_any_case_of_the_address(client, patient_pat, persona_password):
    response = client.post(
        SIGN_IN, {"username": "PAT@EXAMPLE.ORG", "password": persona_password}
    )
    assert response.status_code == 302
    assert_audited(action=AuditAction.LOGGED_IN, actor=patient_pat)


def test_a_wrong_password_says_so_and_is_audited_without_the_address(
    client, patient_pat
):
    response = client.post(
        SIGN_IN, {"username": "pat@example.org", "password": "wrong"}
    )
    assert "do not match an account" in response.content.decode()
    event = assert_audited(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert "pat@example.org" not in str(event.extra)


def test_sign_out_is_a_post_and_is_audited(client, patient_pat):
    client.force_login(patient_pat)
    # A GET (a link, a prefetch) only shows the page that asks; it signs no
    # one out.
    page = client.get(reverse("accounts:logout"))
    assert page.status_code == 200
    assert "Clear-Site-Data" not in page
    assert client.get(SETTINGS).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert_audited(action=AuditAction.LOGGED_OUT, actor=patient_pat)
    assert client.get(SETTINGS).status_code == 302
    # What the browser kept for this account goes with the session.
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_password_change_needs_the_old_password(client, patient_pat, persona_password):
    client.force_login(patient_pat)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {
            "old_password": "not it",
            "new_password1": "a brand new phrase",
            "new_password2": "a brand new phrase",
        },
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    right = client.post(
        url,
        {
            "old_password": persona_password,
            "new_password1": "a brand new phrase",
            "new_password2": "a brand new phrase",
        },
    )
    assert right.status_code == 302
    patient_pat.refresh_from_db()
    assert patient_pat.check_password("a brand new phrase")
    assert_audited(action=AuditAction.PASSWORD_CHANGED, actor=patient_pat)


def test_pages_of_an_account_need_sign_in(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_repeated_wrong_passwords_lock_the_account_for_a_while(
    client, patient_pat, persona_password
):
    for _ in range(5):
        client.post(
            SIGN_IN,
            {"username": "pat@example.org", "password": "wrong"},
            REMOTE_ADDR="198.51.100.1",
        )
    # The right password from another address is refused too, while locked.
    locked = client.post(
        SIGN_IN,
        {"username": "PAT@example.org", "password": persona_password},
        REMOTE_ADDR="198.51.100.2",
    )
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()


def test_repeated_failures_from_one_address_lock_that_address(
    client, patient_pat, patient_pia, persona_password
):
    for number in range(5):
        client.post(
            SIGN_IN,
            {"username": f"guess{number}@example.org", "password": "x"},
            REMOTE_ADDR="203.0.113.50",
        )
    blocked = client.post(
        SIGN_IN,
        {"username": "pia@example.org", "password": persona_password},
        REMOTE_ADDR="203.0.113.50",
    )
    assert blocked.status_code == 429


def test_staff_sessions_expire_after_fifteen_idle_minutes(
    client, clinician_casey, patient_pat
):
    client.force_login(clinician_casey)
    client.get(reverse("accounts:settings"))
    assert client.session.get_expiry_age() == 15 * 60
    client.force_login(patient_pat)
    client.get(reverse("accounts:settings"))
    assert client.session.get_expiry_age() > 15 * 60


def test_signing_out_everywhere_else_ends_other_sessions_only(patient_pat):
    from django.test import Client

    phone, laptop = Client(), Client()
    phone.force_login(patient_pat)
    laptop.force_login(patient_pat)
    laptop.post(reverse("accounts:sessions_end"))
    assert laptop.get(SETTINGS).status_code == 200
    assert phone.get(SETTINGS).status_code == 302
    assert_audited(action=AuditAction.SESSIONS_ENDED, actor=patient_pat)


def test_the_family_link_makes_a_supporter_account_and_says_so(client, db):
    # From the home page's family card: the supporter's answer is chosen and
    # the page says which account it makes, so a parent who does not notice
    # the choice still becomes a supporter, not a patient.
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{REGISTER}?as=supporter"' in home
    page = client.get(REGISTER, {"as": "supporter"}).content.decode()
    assert heading(page) == "Create a supporter account"
    assert re.search(r'value="supporter"[^>]*\bchecked', page)
    # In words, under the heading and on the button.
    assert "You are creating a supporter account" in shown_text(page)
    assert "Create my supporter account" in shown_text(page)
    assert "for your own recovery" not in shown_text(page)
    response = client.post(
        f"{REGISTER}?as=supporter",
        {k: v for k, v in registration().items() if k != "role"}
        | {"role": "supporter"},
    )
    assert response.status_code == 302
    assert User.objects.get().role == Role.SUPPORTER


def test_only_a_self_registration_role_can_be_chosen_by_link(client, db):
    for role in ("clinician", "admin", "nonsense"):
        page = client.get(REGISTER, {"as": role}).content.decode()
        assert heading(page) == "Create an account"
        assert re.search(r'value="patient"[^>]*\bchecked', page)


def test_the_plain_sign_up_says_it_makes_an_account_for_your_own_recovery(client, db):
    page = shown_text(client.get(REGISTER).content.decode())
    assert "You are creating an account for your own recovery." in page
    assert "Create my account" in page
    assert "supporter account" not in page


def test_a_refused_supporter_sign_up_still_names_the_supporter_account(client, db):
    # The answer sent, not the link, decides the words shown again.
    response = client.post(REGISTER, registration(role="supporter", password2="x"))
    page = shown_text(response.content.decode())
    assert "You are creating a supporter account" in page
    assert "Create my supporter account" in page
    assert not User.objects.exists()
