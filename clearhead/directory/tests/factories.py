import factory

from clearhead.directory.models import Facility, Feed, Meeting, Source
from clearhead.directory.vocabulary import MEETING_TYPES, VOCABULARIES, mask_of


class FeedFactory(factory.django.DjangoModelFactory):
    """One feed per (kind, name): rows made without naming one share it."""

    class Meta:
        model = Feed
        django_get_or_create = ("kind", "name")

    name = "test-feed"
    kind = Feed.Kind.FACILITIES
    format = Source.SAMHSA


class FacilityFactory(factory.django.DjangoModelFactory):
    """A facility near Springfield, IL unless told otherwise; masks follow the codes."""

    class Meta:
        model = Facility

    feed = factory.SubFactory(FeedFactory)
    source = Source.SAMHSA
    source_id = factory.Sequence(lambda n: f"F-{n}")
    name = factory.Sequence(lambda n: f"Program {n:04d}")
    city = "Springfield"
    state = "IL"
    zip_code = "62701"
    latitude = 39.80
    longitude = -89.65
    levels = factory.LazyFunction(lambda: ["outpatient"])
    services = factory.LazyFunction(list)
    payments = factory.LazyFunction(list)
    languages = factory.LazyFunction(list)
    populations = factory.LazyFunction(list)
    content_hash = "x"

    @factory.lazy_attribute
    def levels_mask(self):
        return mask_of(self.levels, VOCABULARIES["level"])

    @factory.lazy_attribute
    def services_mask(self):
        return mask_of(self.services, VOCABULARIES["service"])

    @factory.lazy_attribute
    def payments_mask(self):
        return mask_of(self.payments, VOCABULARIES["payment"])

    @factory.lazy_attribute
    def languages_mask(self):
        return mask_of(self.languages, VOCABULARIES["language"])

    @factory.lazy_attribute
    def populations_mask(self):
        return mask_of(self.populations, VOCABULARIES["population"])


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    feed = factory.SubFactory(
        FeedFactory, kind=Feed.Kind.MEETINGS, format=Source.MEETING_GUIDE
    )
    source = Source.MEETING_GUIDE
    source_id = factory.Sequence(lambda n: f"M-{n}")
    name = factory.Sequence(lambda n: f"Meeting {n:04d}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    fellowship = "na"
    days = factory.LazyFunction(lambda: [2])
    start_time = "19:00"
    time_zone = "America/Chicago"
    attendance = "in_person"
    address = "1 Main Street"
    city = "Springfield"
    state = "IL"
    latitude = 39.80
    longitude = -89.65
    types = factory.LazyFunction(lambda: ["O"])
    content_hash = "x"

    @factory.lazy_attribute
    def days_mask(self):
        return sum(1 << day for day in self.days)

    @factory.lazy_attribute
    def types_mask(self):
        return mask_of(self.types, MEETING_TYPES)
