"""Writes to the directory: idempotent imports, demo data, listing reports."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from clearhead.core import clock
from clearhead.core.ratelimit import take
from clearhead.directory.importers.records import Record, Skipped
from clearhead.directory.models import Facility, ListingReport, Meeting
from clearhead.directory.vocabulary import MEETING_TYPES, VOCABULARIES, mask_of

BATCH = 500


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)

    def line(self, noun: str) -> str:
        text = (
            f"{noun}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped."
        )
        if self.unmapped:
            text += (
                f" {sum(self.unmapped.values())} source labels had no mapping and "
                f"were kept as they are ({len(self.unmapped)} different)."
            )
        return text


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


def _upsert(
    model,
    records: Iterable[Record | Skipped],
    *,
    source: str,
    fields_of: Callable[[Record], dict],
    extra: dict,
) -> ImportSummary:
    """Create new rows, update changed ones, leave identical ones alone.

    Keyed by (source, source_id); a row repeated within one file is skipped
    with the number of the row it repeats. Saves in batches, so one bad row
    never costs the others.
    """
    summary = ImportSummary()
    existing = {
        source_id: (pk, content_hash)
        for source_id, pk, content_hash in model.objects.filter(
            source=source
        ).values_list("source_id", "pk", "content_hash")
    }
    seen: dict[str, int] = {}
    to_create, to_update, update_fields = [], [], set()
    for record in records:
        if isinstance(record, Skipped):
            summary.skipped.append(record)
            continue
        if record.source_id in seen:
            summary.skipped.append(
                Skipped(record.row, f"repeats row {seen[record.source_id]} (same id)")
            )
            continue
        seen[record.source_id] = record.row
        for category, labels in record.unmapped.items():
            summary.unmapped.update(f"{category}: {label}" for label in labels)
        values = fields_of(record) | extra | {"content_hash": record.content_hash}
        if record.source_id not in existing:
            to_create.append(model(source=source, source_id=record.source_id, **values))
        elif existing[record.source_id][1] != record.content_hash:
            values["updated_at"] = clock.now()  # bulk_update skips auto_now
            to_update.append(model(pk=existing[record.source_id][0], **values))
            update_fields |= values.keys()
        else:
            summary.unchanged += 1
    with transaction.atomic():
        model.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            model.objects.bulk_update(
                to_update, sorted(update_fields), batch_size=BATCH
            )
    summary.created, summary.updated = len(to_create), len(to_update)
    return summary


def facilities_import(
    records: Iterable[Record | Skipped], *, source: str, source_updated: date
) -> ImportSummary:
    """Upsert facilities from one file of `source`. No audit: public data."""
    return _upsert(
        Facility,
        records,
        source=source,
        fields_of=facility_fields,
        extra={"source_updated": source_updated},
    )


def meetings_import(
    records: Iterable[Record | Skipped], *, source: str
) -> ImportSummary:
    """Upsert meetings from one feed of `source`."""
    return _upsert(Meeting, records, source=source, fields_of=meeting_fields, extra={})


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
