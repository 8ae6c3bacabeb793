"""clearhead review-infusion [--list] [--infusion ID ...] [--not-infusion ID ...]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clearhead.directory import services
from clearhead.directory.models import Facility, InfusionReview


class Command(BaseCommand):
    help = (
        "Review facilities that may be ketamine infusion clinics (medical "
        "ketamine, not addiction treatment). --list shows the ones the importer "
        "flagged, which stay out of the finder until reviewed; --infusion hides "
        "facilities for good, --not-infusion lists them again. IDs are the "
        "listings' public ids (the last part of their page's address)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="List the flagged facilities."
        )
        parser.add_argument(
            "--infusion",
            nargs="+",
            default=[],
            metavar="ID",
            help="Mark as ketamine infusion therapy: never shown in the finder.",
        )
        parser.add_argument(
            "--not-infusion",
            nargs="+",
            default=[],
            metavar="ID",
            help="Mark as not infusion therapy: shown in the finder again.",
        )

    def handle(self, *args, list, infusion, not_infusion, **options):
        if not (list or infusion or not_infusion):
            raise CommandError(
                "Give --list, --infusion ID ... or --not-infusion ID ..."
            )
        both = set(infusion) & set(not_infusion)
        if both:
            raise CommandError(f"Both --infusion and --not-infusion: {', '.join(both)}")
        for ids, review in (
            (infusion, InfusionReview.INFUSION),
            (not_infusion, InfusionReview.NOT_INFUSION),
        ):
            if ids:
                rows = self.facilities(ids)
                changed = services.infusion_review_set(rows, review)
                self.stdout.write(f"{changed} of {len(ids)} marked: {review.label}.")
        if list:
            flagged = Facility.all_objects.filter(
                retired_at=None, infusion_review=InfusionReview.FLAGGED
            ).order_by("name")
            for facility in flagged:
                terms = ", ".join(facility.infusion_terms)
                place = ", ".join(p for p in (facility.city, facility.state) if p)
                self.stdout.write(
                    f"{facility.public_id}  {facility.name} ({place}): {terms}"
                )
            self.stdout.write(f"{flagged.count()} facilities await review.")

    def facilities(self, ids):
        try:
            rows = Facility.all_objects.filter(public_id__in=ids)
            found = {str(pk) for pk in rows.values_list("public_id", flat=True)}
        except ValidationError:
            raise CommandError("An ID is not a listing's public id.") from None
        missing = [i for i in ids if i.strip().lower() not in found]
        if missing:
            raise CommandError(f"No facility with id {', '.join(missing)}.")
        return rows
