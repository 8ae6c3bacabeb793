"""clearhead generate-load-data: synthetic programs, patients and a directory."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clearhead.operations import synthetic


class Command(BaseCommand):
    help = (
        "Insert deterministic synthetic load data (accounts at "
        f"@{synthetic.SYNTHETIC_DOMAIN}, names starting 'Synthetic'). "
        "Refuses a database with real patients."
    )

    def add_arguments(self, parser):
        for name, default in (
            ("programs", 10),
            ("patients", 1000),
            ("days", 90),
            ("facilities", 0),
            ("meetings", 0),
        ):
            parser.add_argument(f"--{name}", type=int, default=default)
        parser.add_argument("--seed", type=int, default=1)

    def handle(
        self, *args, programs, patients, days, facilities, meetings, seed, **options
    ):
        for name, value in (
            ("programs", programs),
            ("patients", patients),
            ("days", days),
        ):
            if value < (1 if name == "programs" else 0):
                raise CommandError(
                    f"--{name} must be at least {1 if name == 'programs' else 0}."
                )
        with tqdm(unit=" rows", disable=options["verbosity"] < 1) as bar:
            try:
                counts = synthetic.generate(
                    programs=programs,
                    patients=patients,
                    days=days,
                    seed=seed,
                    progress=bar.update,
                )
            except synthetic.RealDataPresent as error:
                raise CommandError(str(error)) from None
            counts |= synthetic.directory_generate(
                facilities=facilities, meetings=meetings, seed=seed, progress=bar.update
            )
        self.stdout.write(
            "Inserted " + ", ".join(f"{count} {name}" for name, count in counts.items())
        )
