"""Build the .mo files Django reads from the .po catalogues we keep in git.

With polib, a pure-Python library, so a fresh machine needs no gettext
tools (Debian's gettext is not installed by `make run`). Catalogues: every
`locale/<lang>/LC_MESSAGES/django.po` under the clearhead package (each
app's own and clearhead/locale for the base templates).
"""

import os
import tempfile
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogue_paths() -> list[Path]:
    """Every .po catalogue of the package, sorted."""
    return sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_catalogues(*, force: bool = False) -> list[Path]:
    """Write each catalogue's .mo beside it when missing or older; the .mo paths written.

    Fuzzy entries are left out, as msgfmt does. Raises OSError (and
    polib's IOError for a malformed catalogue, naming the file).
    """
    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        if (
            not force
            and mo_path.exists()
            and mo_path.stat().st_mtime >= po_path.stat().st_mtime
        ):
            continue
        catalogue = polib.pofile(str(po_path))
        # Written beside and renamed: test workers may compile at once.
        handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        os.close(handle)
        catalogue.save_as_mofile(temporary)
        os.replace(temporary, mo_path)
        written.append(mo_path)
    return written
