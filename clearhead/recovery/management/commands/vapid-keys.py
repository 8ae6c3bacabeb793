"""clearhead vapid-keys [--key-file PATH]: make the key reminder notifications need.

Prints the settings to add (README, "Reminder notifications"): the new
private key, or with --key-file the file it was written to (readable by its
owner only), and the subject push services contact the operator at. Nothing
is changed: the operator sets them where the app servers and workers read
their settings, and restarts them.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clearhead.recovery.push import vapid_keys_generate


class Command(BaseCommand):
    help = "Make a VAPID key pair for reminder notifications and print the settings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--key-file",
            type=Path,
            help="Write the private key to this new file (mode 600) and print "
            "CLEARHEAD_VAPID_PRIVATE_KEY_FILE instead of the key.",
        )

    def handle(self, *args, key_file, **options):
        private_key, public_key = vapid_keys_generate()
        if key_file is not None:
            _write_new(key_file, private_key)
            key_line = f"CLEARHEAD_VAPID_PRIVATE_KEY_FILE={key_file.resolve()}"
        else:
            key_line = f"CLEARHEAD_VAPID_PRIVATE_KEY={private_key}"
        if settings.CLEARHEAD_VAPID_PRIVATE_KEY:
            self.stderr.write(
                "A key is set already. With a new one, notifications stop on "
                'every phone until the patient opens "About me" there and '
                "turns them on again (reminders go by e-mail meanwhile).\n"
            )
        self.stdout.write(
            "# Reminder notifications. Set these where Clearhead's app servers\n"
            "# and workers read their settings, then restart them. Keep the\n"
            "# private key secret, like SECRET_KEY.\n"
            f"{key_line}\n"
            "# Where push services can reach you about these notifications:\n"
            "# mailto: an address that is read, or an https:// page.\n"
            f"CLEARHEAD_VAPID_SUBJECT={settings.CLEARHEAD_VAPID_SUBJECT}\n"
            f"# The public key, which the pages give browsers: {public_key}\n"
        )


def _write_new(path: Path, text: str) -> None:
    """Create `path` readable by its owner only; never replace a file."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(f"{path} exists already; choose a new file.") from None
    except OSError as error:
        raise CommandError(f"{path} cannot be written ({error.strerror}).") from None
    with os.fdopen(descriptor, "w") as file:
        file.write(text + "\n")
