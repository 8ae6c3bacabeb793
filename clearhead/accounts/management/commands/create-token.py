"""clearhead create-token EMAIL [--name N] [--days D]: print a new personal API token once."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clearhead.accounts import services
from clearhead.accounts.models import User, normalize_email


class Command(BaseCommand):
    help = "Create a personal API token for an account and print it, once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument(
            "--days",
            type=int,
            default=services.API_TOKEN_LIFETIME.days,
            help="How long the token works, 1 to 90 days (default 90).",
        )

    def handle(self, *args, email, name, days, **options):
        user = User.objects.filter(email=normalize_email(email), is_active=True).first()
        if user is None:
            raise CommandError(f"{email}: no active account has this e-mail address.")
        try:
            _, raw_token = services.api_token_create(
                actor=user, name=name, lifetime=timedelta(days=days)
            )
        except ValidationError as error:
            raise CommandError(f"{email}: {' '.join(error.messages)}") from None
        self.stdout.write(raw_token)
