"""clearhead reset-two-factor EMAIL: remove an account's authenticator and recovery codes.

For the last administrator, or anyone no administrator can reset from the
web. Audited with no actor (the operator); the person is e-mailed.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clearhead.accounts import services
from clearhead.accounts.models import User, normalize_email


class Command(BaseCommand):
    help = "Reset an account's two-step sign-in; they set it up again at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=normalize_email(email), is_active=True).first()
        if user is None:
            raise CommandError(f"{email}: no active account has this e-mail address.")
        try:
            services.two_factor_reset(actor=None, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Reset two-step sign-in for {user.email}: signed out, API tokens "
            "revoked, set it up again at the next sign-in (e-mailed)."
        )
