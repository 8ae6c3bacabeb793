"""clearhead create-token EMAIL [--name N]: print a new personal API token once."""

from django.core.management.base import BaseCommand, CommandError

from clearhead.accounts import services
from clearhead.accounts.models import User, normalize_email


class Command(BaseCommand):
    help = "Create a personal API token for an account and print it, once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email=normalize_email(email), is_active=True).first()
        if user is None:
            raise CommandError(f"{email}: no active account has this e-mail address.")
        _, raw_token = services.api_token_create(actor=user, name=name)
        self.stdout.write(raw_token)
