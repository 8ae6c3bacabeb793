"""Where the real published files are (../shared/field-data/, or
CLEARHEAD_FIELD_DATA), for the tests that read them.

Without the folder those tests skip on a developer's machine, but fail when
CI is set: a CI run that silently skipped them would prove nothing.
"""

import json
import os
from pathlib import Path

import pytest

from clearhead.directory.importers.meetings import detect_format
from clearhead.directory.importers.records import NotThisFormat

FIELD_DATA = Path(
    os.environ.get("CLEARHEAD_FIELD_DATA")
    or Path(__file__).resolve().parents[3].parent / "shared" / "field-data"
)


def field_data_dir() -> Path:
    if FIELD_DATA.is_dir():
        return FIELD_DATA
    message = f"the field-data folder {FIELD_DATA} is missing"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this fails instead of skipping)")
    pytest.skip(message)


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
