"""clearhead first-admin-link: print a one-time link to create the first admin.

Prints nothing once an administrator exists. `make run` calls it on every
start, so a new deployment always shows how to get in; each new link
replaces the one printed before.
"""

from django.core.management.base import BaseCommand

from clearhead.accounts import emails, services


class Command(BaseCommand):
    help = "Print a one-time link to create the first administrator, if none exists."

    def handle(self, *args, **options):
        raw_code = services.first_admin_link_create()
        if raw_code is None:
            return
        self.stdout.write(
            "\nNo administrator yet. Create the first one here "
            "(works once, for 24 hours):\n\n"
            f"    {emails.invitation_url(raw_code)}\n"
        )
