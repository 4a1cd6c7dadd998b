"""Each language's name in itself ("Deutsch", "Español") for the language switcher, kept in `.cache/`.

Babel loads a language's whole CLDR data to name it, about 10-15 ms per language, and every language's
build names all six: five loads only for a name, in the one language built by a one-page rebuild and
in each worker of a cold build. The names are kept with what made them (Babel's version and the code
of formatting.native_language_name); a record made otherwise, or that does not read back, is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from helpcenter.l10n import formatting

RECORD = "language-names.json"


def native_names(codes: list[str], folder: Path | None) -> dict[str, str]:
    """Language code -> formatting.native_language_name(code), from the record kept in `folder` (None:
    none kept) when it names them all and was made the same way."""
    record = folder / RECORD if folder is not None else None
    made_by, kept = _made_by(), {}
    if record is not None:
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if data["made_by"] == made_by and isinstance(data["names"], dict):
                kept = {str(code): str(name) for code, name in data["names"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            kept = {}
    if all(code in kept for code in codes):
        return {code: kept[code] for code in codes}
    names = {code: formatting.native_language_name(code) for code in codes}
    if record is not None:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            temporary = record.with_name(f".{RECORD}.{os.getpid()}")
            temporary.write_text(json.dumps({"made_by": made_by, "names": {**kept, **names}}), encoding="utf-8")
            os.replace(temporary, record)
        except OSError:  # only the next build is slower
            pass
    return names


def _made_by() -> str:
    try:
        babel = metadata.version("babel")
    except metadata.PackageNotFoundError:
        babel = "missing"
    code = hashlib.sha256(Path(formatting.__file__).read_bytes()).hexdigest()
    return f"babel=={babel} {code}"
