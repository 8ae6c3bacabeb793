"""clearhead create-user EMAIL --role ROLE

Reads a password from standard input; with none, e-mails an invitation.
"""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clearhead.accounts import services
from clearhead.accounts.models import Role


def read_password(stdin) -> str:
    """Return a password typed twice at a terminal, or piped in on one line."""
    if stdin.isatty():
        first = getpass.getpass("Password (leave empty to send an invitation): ")
        if first and first != getpass.getpass("Password again: "):
            raise CommandError("The two passwords are not the same.")
        return first
    return stdin.readline().rstrip("\r\n")


def one_line(error: ValidationError) -> str:
    return " ".join(message for message in error.messages)


class Command(BaseCommand):
    help = (
        "Create an account. The password is read from standard input; when "
        "none is given, an invitation is e-mailed instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help="Name to show.")

    def handle(self, *args, email, role, name, **options):
        password = read_password(sys.stdin)
        try:
            if password:
                user = services.user_create(
                    actor=None,
                    email=email,
                    role=role,
                    password=password,
                    display_name=name,
                )
                self.stdout.write(f"Created {user.email} ({role}).")
            else:
                invitation = services.invitation_create(
                    actor=None, email=email, role=role
                )
                self.stdout.write(
                    f"Invitation e-mailed to {invitation.email} ({role})."
                )
        except ValidationError as error:
            raise CommandError(f"{email}: {one_line(error)}") from None
