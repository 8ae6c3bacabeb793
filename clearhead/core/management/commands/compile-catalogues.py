from django.core.management.base import BaseCommand, CommandError

from clearhead.core.catalogues import compile_catalogues


class Command(BaseCommand):
    help = (
        "Compile the translation catalogues (.po to .mo) with polib: no "
        "gettext tools needed. `make run` and the tests run it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Compile even up-to-date ones."
        )

    def handle(self, *args, force: bool = False, **options):
        try:
            written = compile_catalogues(force=force)
        except OSError as error:
            raise CommandError(f"Could not compile a catalogue: {error}") from error
        if options["verbosity"] > 1 or written:
            self.stdout.write(f"Compiled {len(written)} catalogue(s).")
