"""clearhead load-demo-directory [--if-empty] [--remove]"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clearhead.directory import demo, services
from clearhead.directory.models import Facility, Feed, Meeting, Source


def has_real_listings() -> bool:
    """Whether any feed other than the demo has ever been imported."""
    return Feed.objects.exclude(format=Source.DEMO).exists()


class Command(BaseCommand):
    help = (
        "Load a small, clearly fictional directory (every name starts with "
        '"Demo") so the finder can be tried out; --remove deletes it again. '
        "It retires itself when real listings are imported, and is never "
        "loaded beside them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when the directory has never held real listings "
            "and holds no listings now.",
        )
        parser.add_argument(
            "--remove", action="store_true", help="Delete the demo rows."
        )

    def handle(self, *args, if_empty, remove, **options):
        if remove:
            with transaction.atomic():
                facilities, _ = Facility.all_objects.filter(source=Source.DEMO).delete()
                meetings, _ = Meeting.all_objects.filter(source=Source.DEMO).delete()
                Feed.objects.filter(format=Source.DEMO).delete()
                services.listings_changed()
            self.stdout.write(
                f"Removed {facilities} demo facilities and {meetings} demo meetings."
            )
            return
        if if_empty and (
            has_real_listings() or Facility.objects.exists() or Meeting.objects.exists()
        ):
            return
        if has_real_listings():
            raise CommandError(
                "The directory has real listings; the fictional demo directory is "
                "only for trying out an empty one."
            )
        facilities = services.facilities_import(
            demo.facility_records(), feed=services.demo_feed(Feed.Kind.FACILITIES)
        )
        meetings = services.meetings_import(
            demo.meeting_records(), feed=services.demo_feed(Feed.Kind.MEETINGS)
        )
        self.stdout.write(facilities.line("Demo facilities"))
        self.stdout.write(meetings.line("Demo meetings"))
