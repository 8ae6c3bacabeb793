"""clearhead load-demo-directory [--if-empty] [--remove]"""

from django.core.management.base import BaseCommand

from clearhead.core import clock
from clearhead.directory import demo, services
from clearhead.directory.models import Facility, Meeting, Source


class Command(BaseCommand):
    help = (
        "Load a small, clearly fictional directory (every name starts with "
        '"Demo") so the finder can be tried out; --remove deletes it again.'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load when the directory holds no facilities at all.",
        )
        parser.add_argument(
            "--remove", action="store_true", help="Delete the demo rows."
        )

    def handle(self, *args, if_empty, remove, **options):
        if remove:
            facilities, _ = Facility.objects.filter(source=Source.DEMO).delete()
            meetings, _ = Meeting.objects.filter(source=Source.DEMO).delete()
            self.stdout.write(
                f"Removed {facilities} demo facilities and {meetings} demo meetings."
            )
            return
        if if_empty and Facility.objects.exists():
            return
        facilities = services.facilities_import(
            demo.facility_records(),
            source=Source.DEMO,
            source_updated=clock.today_in(clock.region_time_zone()),
        )
        meetings = services.meetings_import(demo.meeting_records(), source=Source.DEMO)
        self.stdout.write(facilities.line("Demo facilities"))
        self.stdout.write(meetings.line("Demo meetings"))
