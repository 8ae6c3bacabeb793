"""The operator's commands: create-user and create-token."""

import io
import sys

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from clearhead.accounts.models import ApiToken, Role, User, hash_secret


def run(command, *args, stdin=""):
    out = io.StringIO()
    original = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(command, *args, stdout=out)
    finally:
        sys.stdin = original
    return out.getvalue()


def test_create_user_reads_the_password_from_standard_input(db):
    output = run(
        "create-user",
        "Dr.Lee@clinic.example.org",
        "--role",
        "clinician",
        stdin="a careful long secret\n",
    )
    user = User.objects.get()
    assert user.email == "dr.lee@clinic.example.org"
    assert user.role == Role.CLINICIAN
    assert user.check_password("a careful long secret")
    assert "Created dr.lee@clinic.example.org" in output


def test_create_user_without_a_password_sends_an_invitation(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("create-user", "ada@example.org", "--role", "admin")
    assert not User.objects.exists()
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "Invitation e-mailed" in output


def test_create_user_names_the_address_and_the_reason_on_bad_input(db):
    with pytest.raises(CommandError, match="not-an-email: Enter a valid email"):
        run(
            "create-user",
            "not-an-email",
            "--role",
            "patient",
            stdin="long enough pw 1\n",
        )
    with pytest.raises(CommandError, match="too short"):
        run("create-user", "x@example.org", "--role", "patient", stdin="short\n")
    assert not User.objects.exists()


def test_create_token_prints_a_working_token_once(client, patient_pat):
    raw = run("create-token", "pat@example.org", "--name", "backup").strip()
    token = ApiToken.objects.get()
    assert token.token_hash == hash_secret(raw)
    assert token.name == "backup"
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.json()["email"] == "pat@example.org"


def test_create_token_for_an_unknown_address_fails_with_one_line(db):
    with pytest.raises(CommandError, match=r"nobody@example\.org: no active account"):
        run("create-token", "nobody@example.org")
