"""Where the real published files are (CLEARHEAD_FIELD_DATA, else
shared/field-data/ beside the checkout or beside one of its parents, so a
clone made one level deeper, as CI may make, finds it too), for the tests that
read them.

Without the folder those tests skip on a developer's machine, but fail when
CI is set: a CI run that silently skipped them would prove nothing.
"""

import json
import os
from pathlib import Path

import pytest

from clearhead.directory.importers.meetings import detect_format
from clearhead.directory.importers.records import NotThisFormat

REPO = Path(__file__).resolve().parents[3]


def _beside_checkout() -> Path:
    candidates = [parent / "shared" / "field-data" for parent in REPO.parents]
    return next((path for path in candidates if path.is_dir()), candidates[0])


FIELD_DATA = Path(os.environ.get("CLEARHEAD_FIELD_DATA") or _beside_checkout())


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
