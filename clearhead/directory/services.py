"""Writes to the directory: idempotent imports, demo data, listing reports.

Every write that changes what the finders list calls
`listings_changed()` in its transaction, so the cached finder pages
(core.public_cache) are drawn afresh from the next request.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, models, transaction

from clearhead.core import clock
from clearhead.core.public_cache import public_content_changed
from clearhead.core.ratelimit import take
from clearhead.directory.geo import approximate_coordinates
from clearhead.directory.importers.records import Record, Skipped
from clearhead.directory.infusion import infusion_terms, record_texts
from clearhead.directory.models import (
    Facility,
    Feed,
    InfusionReview,
    ListingReport,
    Meeting,
    ProgramListing,
    Source,
)
from clearhead.directory.vocabulary import MEETING_TYPES, VOCABULARIES, mask_of

BATCH = 500
# Rows a COPY writes at once on PostgreSQL (a few MB of values in memory).
COPY_BATCH = 2000


@dataclass
class ImportSummary:
    """What one import of one feed did, for the operator's report."""

    feed: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Values of imported rows that could not be used as given (Record.problems).
    problems: list[Skipped] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)
    # Rows without usable coordinates, placed at their ZIP or city centre.
    approximate: int = 0
    # Rows with neither coordinates nor a place to put them (meetings only:
    # an online meeting needs none); near-me searches cannot find these.
    unplaced: int = 0
    # Demo rows retired because real listings arrived: (facilities, meetings).
    demo_retired: tuple[int, int] = (0, 0)
    # Facilities this import flagged as likely ketamine-infusion clinics, and
    # the feed's listings flagged and still awaiting an operator's review.
    infusion_flagged: int = 0
    infusion_awaiting: int = 0

    def line(self, noun: str) -> str:
        text = (
            f"{noun}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired, "
            f"{len(self.skipped)} skipped."
        )
        if self.unmapped:
            text += (
                f" {sum(self.unmapped.values())} source labels had no mapping and "
                f"were kept as they are ({len(self.unmapped)} different)."
            )
        return text

    def notes(self) -> list[str]:
        """Further lines for the report: placing and the demo directory."""
        lines = []
        if self.problems:
            lines.append(
                f"{len(self.problems)} values could not be used as given; each is "
                "named above with what was done instead."
            )
        if self.approximate:
            lines.append(
                f"{self.approximate} rows had no usable coordinates and were placed "
                "at their ZIP code or city (marked approximate)."
            )
        if self.unplaced:
            lines.append(
                f"{self.unplaced} rows have no coordinates and no ZIP code or city "
                "we know: a near-me search cannot find them."
            )
        if self.infusion_flagged or self.infusion_awaiting:
            lines.append(
                f"{self.infusion_flagged} listings flagged as likely ketamine "
                'infusion clinics (their names or labels say "ketamine infusion", '
                '"IV ketamine", "esketamine" or the like); '
                f"{self.infusion_awaiting} in this feed await review and stay out "
                "of the finder until marked: clearhead review-infusion --list."
            )
        facilities, meetings = self.demo_retired
        if facilities or meetings:
            lines.append(
                f"Retired the fictional demo directory ({facilities} facilities, "
                f"{meetings} meetings): real listings are imported now."
            )
        return lines


def facility_fields(record: Record) -> dict:
    """The model fields of a facility record, with its filter masks."""
    fields = dict(record.fields)
    for kind, vocabulary in VOCABULARIES.items():
        fields[f"{kind}s_mask"] = mask_of(fields[f"{kind}s"], vocabulary)
    fields["unmapped"] = record.unmapped
    return fields


def meeting_fields(record: Record) -> dict:
    fields = dict(record.fields)
    fields["days_mask"] = sum(1 << day for day in fields["days"])
    fields["types_mask"] = mask_of(fields["types"], MEETING_TYPES)
    return fields


def _place(values: dict, postal_field: str) -> bool | None:
    """Fill in coordinates the feed left out, from the ZIP code or the city.

    Returns None when the row had usable coordinates, True when it was
    placed (and marks it approximate), False when there was nothing to
    place it by.
    """
    if values.get("latitude") is not None and values.get("longitude") is not None:
        return None
    found = approximate_coordinates(
        values.get(postal_field, ""), values.get("city", ""), values.get("state", "")
    )
    if found is None:
        values["latitude"] = values["longitude"] = None
        return False
    values["latitude"], values["longitude"] = found
    values["approximate_location"] = True
    return True


def _upsert(
    model,
    records: Iterable[Record | Skipped],
    *,
    feed: Feed,
    fields_of: Callable[[Record], dict],
    postal_field: str,
    must_be_placed: bool,
    extra: dict,
) -> ImportSummary:
    """Create new rows, update changed ones, leave identical ones alone, and
    retire the feed's rows that the file no longer has.

    Keyed by (feed, source_id): other feeds are never read or touched. A row
    repeated within one file is skipped with the number of the row it
    repeats. A retired row that comes back is listed again (an update).
    Saves in batches, so one bad row never costs the others.
    """
    summary = ImportSummary(feed=feed.name)
    existing = {
        source_id: (pk, content_hash, retired_at)
        for source_id, pk, content_hash, retired_at in model.all_objects.filter(
            feed=feed
        ).values_list("source_id", "pk", "content_hash", "retired_at")
    }
    seen: dict[str, int] = {}
    pending = _Pending(model)
    # One transaction, written a batch at a time as the rows are read: a
    # feed read as a stream is never held whole, and one found broken
    # part-way (an error raised by `records`) leaves every row as it was.
    with transaction.atomic():
        for record in records:
            _upsert_one(
                record, summary, existing, seen, pending, feed, fields_of,
                postal_field, must_be_placed, extra,
            )  # fmt: skip
        pending.flush()
        # A file with no usable row retires nothing: it is far likelier a
        # broken export than a directory that closed every listing at once.
        if seen:
            summary.retired = _retire_missing(model, existing, seen)
        if pending.created or pending.updated or summary.retired:
            listings_changed()
    summary.created, summary.updated = pending.created, pending.updated
    return summary


class _Pending:
    """Rows to create and update, as field values by attname, saved a batch
    at a time through listings_write (COPY on PostgreSQL, bulk_create and
    bulk_update elsewhere): queries per batch, never per row."""

    def __init__(self, model):
        self.model = model
        self.batch = COPY_BATCH if _copies() else BATCH
        self.to_create: list[dict] = []
        self.to_update: list[dict] = []
        self.update_fields: set[str] = set()
        self.created = self.updated = 0

    def create(self, row: dict) -> None:
        self.to_create.append(row)
        if len(self.to_create) >= self.batch:
            self.flush()

    def update(self, row: dict, fields) -> None:
        self.to_update.append(row)
        self.update_fields |= set(fields)
        if len(self.to_update) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.to_create:
            listings_write(self.model, create=self.to_create)
            self.created += len(self.to_create)
            self.to_create = []
        if self.to_update:
            listings_write(
                self.model, update=self.to_update, fields=sorted(self.update_fields)
            )
            self.updated += len(self.to_update)
            self.to_update, self.update_fields = [], set()


def listings_write(
    model, *, create: list[dict] = (), update: list[dict] = (), fields=()
) -> None:
    """Write one batch of an import: insert the rows of `create` (field
    values by name or attname; the model's defaults fill the rest, as a new
    instance would have them) and set `fields` of the rows of `update` (each
    with its "pk"). The one place an import writes listings, so the importer
    is the same on every database.

    PostgreSQL: COPY, straight into the table for new rows and through a
    temporary staging table for changed ones (one UPDATE ... FROM it), with
    the values converted once per column rather than per value by the ORM.
    Elsewhere (SQLite): bulk_create and bulk_update. Both write the same
    rows (test_meeting_copy)."""
    if _copies():
        if create:
            _copy_create(model, create)
        if update:
            _copy_update(model, update, fields)
        return
    if create:
        model.all_objects.bulk_create(
            [model(**row) for row in create], batch_size=BATCH
        )
    if update:
        model.all_objects.bulk_update(
            [model(**row) for row in update], list(fields), batch_size=BATCH
        )


def _copies() -> bool:
    """Whether listings_write uses COPY: on PostgreSQL."""
    return connection.vendor == "postgresql"


def _copy_value(field) -> Callable:
    """How a value of `field` is given to COPY: JSON as its text (the
    server reads it into jsonb), everything else as psycopg adapts it."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    return lambda value: value


def _copy_create(model, rows: list[dict]) -> None:
    meta = model._meta
    now = clock.now()
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    given = {name for row in rows for name in row}
    plan = []
    for f in fields:
        key = f.attname if f.attname in given else f.name
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        plan.append((key, f, auto, _copy_value(f)))
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    # Django's debug cursor records a COPY with the queries, as any statement.
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            values = []
            for key, f, auto, convert in plan:
                if auto:
                    value = now
                elif key in row:
                    value = row[key]
                    if f.is_relation and hasattr(value, "pk"):
                        value = value.pk
                else:
                    value = f.get_default()
                values.append(convert(value))
            copy.write_row(values)


def _copy_update(model, rows: list[dict], names) -> None:
    meta = model._meta
    quote = connection.ops.quote_name
    # get_field knows a field by its name or its attname.
    fields = [meta.get_field(name) for name in names]
    converts = [_copy_value(f) for f in fields]
    table, stage = quote(meta.db_table), quote(f"{meta.db_table}_import_stage")
    pk = quote(meta.pk.column)
    columns = [quote(f.column) for f in fields]
    # Names only, each quoted: the model's own table and columns, no value.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {pk}, {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        sql = f"COPY {stage} ({pk}, {', '.join(columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(
                    [row["pk"]]
                    + [
                        convert(row[f.attname] if f.attname in row else row[f.name])
                        for f, convert in zip(fields, converts, strict=True)
                    ]
                )
        assignments = ", ".join(f"{column} = s.{column}" for column in columns)
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM {stage} AS s "  # noqa: S608
            f"WHERE t.{pk} = s.{pk}"
        )
        cursor.execute(f"DROP TABLE {stage}")


def _upsert_one(
    record, summary, existing, seen, pending, feed, fields_of, postal_field,
    must_be_placed, extra,
) -> None:  # fmt: skip
    """Note one record's skip, or queue its row to create or update."""
    if isinstance(record, Skipped):
        summary.skipped.append(record)
        return
    if record.source_id in seen:
        summary.skipped.append(
            Skipped(
                record.row,
                f"repeats row {seen[record.source_id]} (same id)",
                f"{record.fields.get('name', '')}, id {record.source_id}",
            )
        )
        return
    content_hash = record.content_hash
    values = fields_of(record) | extra | {"content_hash": content_hash}
    values.setdefault("approximate_location", False)
    placed = _place(values, postal_field)
    if placed is False and must_be_placed:
        summary.skipped.append(
            Skipped(
                record.row,
                "no usable coordinates, and no ZIP code or city and state "
                "to place it by",
                f"{record.fields.get('name', '')}, id {record.source_id}",
            )
        )
        return
    seen[record.source_id] = record.row
    _note_values(summary, record)
    summary.approximate += placed is True
    summary.unplaced += placed is False
    known = existing.get(record.source_id)
    if known is None:
        pending.create(
            {"feed_id": feed.pk, "source": feed.format, "source_id": record.source_id}
            | values
        )
    elif known[1] != content_hash or known[2] is not None:
        values["updated_at"] = clock.now()  # bulk_update skips auto_now
        values["retired_at"] = None
        pending.update({"pk": known[0]} | values, values.keys())
    else:
        # Unchanged since the last import (the hash covers every field the
        # row was read into): nothing is written.
        summary.unchanged += 1


def _note_values(summary: ImportSummary, record: Record) -> None:
    label = f"{record.fields.get('name', '')}, id {record.source_id}"
    summary.problems.extend(
        Skipped(record.row, problem, label) for problem in record.problems
    )
    for category, labels in record.unmapped.items():
        summary.unmapped.update(f"{category}: {label}" for label in labels)


def _retire_missing(model, existing: dict, seen: dict) -> int:
    """Retire the feed's listed rows that this import did not have."""
    gone = [
        pk
        for source_id, (pk, _, retired_at) in existing.items()
        if retired_at is None and source_id not in seen
    ]
    now = clock.now()
    for start in range(0, len(gone), BATCH):
        model.all_objects.filter(pk__in=gone[start : start + BATCH]).update(
            retired_at=now, updated_at=now
        )
    return len(gone)


def feed_register(
    *, name: str, kind: str, format: str, url: str = "", options: dict | None = None
) -> Feed:
    """The feed called `name` of this kind, created on first use; a URL or
    options given now replace the stored ones."""
    feed, created = Feed.objects.get_or_create(
        kind=kind,
        name=name,
        defaults={"format": format, "url": url, "options": options or {}},
    )
    if not created:
        changed = {"format": format}
        if url:
            changed["url"] = url
        if options is not None:
            changed["options"] = options
        for key, value in changed.items():
            setattr(feed, key, value)
        feed.save(update_fields=list(changed))
    return feed


def demo_feed(kind: str) -> Feed:
    """The feed Clearhead's own fictional demo rows belong to."""
    return feed_register(name="demo", kind=kind, format=Source.DEMO)


def _record_import(feed: Feed, summary: ImportSummary, confirmed_at) -> None:
    """Note when the feed was imported and, when known, confirmed, and retire
    the demo directory once a real feed has listings."""
    feed.last_imported_at = clock.now()
    fields = ["last_imported_at"]
    if confirmed_at is not None:
        feed.last_confirmed_at = confirmed_at
        fields.append("last_confirmed_at")
    feed.save(update_fields=fields)
    if not feed.is_demo and (summary.created or summary.updated or summary.unchanged):
        summary.demo_retired = demo_retire()


def listings_changed() -> None:
    """What the finders list changed (call it in the write's transaction)."""
    public_content_changed()


@transaction.atomic
def demo_retire() -> tuple[int, int]:
    """Retire every demo row: a person must never call a program that does not
    exist because it was listed beside real ones. Returns (facilities, meetings)."""
    now = clock.now()
    counts = []
    for model in (Facility, Meeting):
        counts.append(
            model.objects.filter(source=Source.DEMO).update(
                retired_at=now, updated_at=now
            )
        )
    if any(counts):
        listings_changed()
    return counts[0], counts[1]


def facilities_import(
    records: Iterable[Record | Skipped], *, feed: Feed, confirmed_at=None
) -> ImportSummary:
    """Upsert facilities from one file of `feed`. No audit: public data.

    `confirmed_at` is when the feed vouched for these rows (None: unknown).
    Rows that read like ketamine-infusion clinics are flagged for review in
    the same transaction (infusion_flag), so none is listed in between.
    """
    likely: dict[str, list[str]] = {}

    def noting_infusion(records):
        for record in records:
            if isinstance(record, Record):
                terms = infusion_terms(record_texts(record.fields, record.unmapped))
                if terms:
                    likely[record.source_id] = terms
            yield record

    with transaction.atomic():
        summary = _upsert(
            Facility,
            noting_infusion(records),
            feed=feed,
            fields_of=facility_fields,
            postal_field="zip_code",
            must_be_placed=True,
            extra={},
        )
        summary.infusion_flagged = infusion_flag(feed, likely)
    summary.infusion_awaiting = Facility.all_objects.filter(
        feed=feed, retired_at=None, infusion_review=InfusionReview.FLAGGED
    ).count()
    _record_import(feed, summary, confirmed_at)
    return summary


def infusion_flag(feed: Feed, likely: dict[str, list[str]]) -> int:
    """Flag the feed's facilities whose source ids are in `likely` (id -> the
    phrases found) for review, unless an operator has already decided about
    them (a review is never undone by an import). Returns how many were
    flagged now."""
    flagged = 0
    ids = list(likely)
    for start in range(0, len(ids), BATCH):
        rows = Facility.all_objects.filter(
            feed=feed,
            source_id__in=ids[start : start + BATCH],
            infusion_review=InfusionReview.NONE,
        ).only("pk", "source_id")
        changed = []
        for row in rows:
            row.infusion_review = InfusionReview.FLAGGED
            row.infusion_terms = likely[row.source_id]
            changed.append(row)
        Facility.all_objects.bulk_update(
            changed, ["infusion_review", "infusion_terms"], batch_size=BATCH
        )
        flagged += len(changed)
    if flagged:
        listings_changed()
    return flagged


@transaction.atomic
def infusion_review_set(facilities, review: str) -> int:
    """An operator's decision about facilities (a queryset of them, retired
    ones included): one of InfusionReview's values. Returns how many rows
    changed. No audit row: the directory is public data."""
    review = InfusionReview(review)
    changed = (
        Facility.all_objects.filter(pk__in=facilities.values("pk"))
        .exclude(infusion_review=review)
        .update(infusion_review=review, updated_at=clock.now())
    )
    if changed:
        listings_changed()
    return changed


def meetings_import(
    records: Iterable[Record | Skipped], *, feed: Feed, confirmed_at=None
) -> ImportSummary:
    """Upsert meetings from one file of `feed`."""
    summary = _upsert(
        Meeting,
        records,
        feed=feed,
        fields_of=meeting_fields,
        postal_field="postal_code",
        must_be_placed=False,
        extra={},
    )
    _record_import(feed, summary, confirmed_at)
    return summary


REPORT_LIMIT = 5
REPORT_WINDOW_SECONDS = 60 * 60


def listing_report_create(
    *, facility: Facility, problem: str, details: str, client_address: str
) -> ListingReport:
    """Record an anonymous report that a listing is wrong, for administrators.

    At most REPORT_LIMIT an hour from one address (raises RateLimited).
    """
    take(
        scope="listing-report",
        client_address=client_address,
        limit=REPORT_LIMIT,
        window_seconds=REPORT_WINDOW_SECONDS,
    )
    return ListingReport.objects.create(
        facility=facility, problem=problem, details=details.strip()
    )


@transaction.atomic
def program_listing_add(*, program, facility: Facility) -> bool:
    """Make `facility` one of `program`'s (a care.Program) listings. False when
    another program already holds it (it stays theirs)."""
    link, created = ProgramListing.objects.get_or_create(
        facility=facility, defaults={"program": program}
    )
    if created:
        listings_changed()
    return created or link.program_id == program.pk


@transaction.atomic
def program_listing_remove(*, program, facility_ids: Iterable[int]) -> int:
    """Take listings off `program`; return how many were its own."""
    deleted, _ = ProgramListing.objects.filter(
        program=program, facility_id__in=list(facility_ids)
    ).delete()
    if deleted:
        listings_changed()
    return deleted
