"""Where the real published feeds are: ../shared/field-data beside the repo.

CLEARHEAD_FIELD_DATA names another folder. Without the folder a test is
skipped on a laptop, and fails when CI is set, so CI never passes by not
looking at real data.
"""

import json
import os
from pathlib import Path

import pytest

from clearhead.directory.importers.meetings import detect_format
from clearhead.directory.importers.records import NotThisFormat

REPO = Path(__file__).resolve().parents[3]


def field_data_dir() -> Path:
    """Return the field-data folder, or skip (fail under CI) without it."""
    folder = Path(
        os.environ.get("CLEARHEAD_FIELD_DATA") or REPO.parent / "shared" / "field-data"
    )
    if not folder.is_dir():
        message = f"field data not found at {folder} (set CLEARHEAD_FIELD_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


def meeting_files() -> list[Path]:
    """Every JSON file in the folder that is a Meeting Guide or BMLT feed."""
    found = []
    for path in sorted(field_data_dir().glob("*.json")):
        try:
            detect_format(json.loads(path.read_bytes()))
        except NotThisFormat:
            continue
        found.append(path)
    return found
