"""`helpcenter languages`, `part` and `merge`: the site built one language per CI job (a job matrix), then merged.

    helpcenter languages --json                         the languages mkdocs.yml builds (the matrix)
    helpcenter part LANGUAGE [--out DIR] [--strict]     one language into a part (default: parts/LANGUAGE)
    helpcenter merge PART... [--site-dir D] [--strict]  the parts into the site, as `helpcenter build` writes it
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"


def add_parsers(commands) -> None:
    languages = commands.add_parser("languages", help="the languages mkdocs.yml builds (for a CI job matrix)")
    languages.add_argument("--json", action="store_true", help='print them as a JSON list: ["fr", "en", ...]')
    languages.set_defaults(run=command_languages)

    part = commands.add_parser("part", help="build one language into a part, for `helpcenter merge`",
                               description="Builds one language as `helpcenter build` does, into a folder "
                                           "that also says what it was built from (part.json).")
    part.add_argument("language", help="a language mkdocs.yml builds (see `helpcenter languages`)")
    part.add_argument("--out", type=Path, help="the part's folder (default: parts/LANGUAGE)")
    part.add_argument("--strict", action="store_true", help="exit 1 if the build reported a problem")
    part.set_defaults(run=command_part)

    merge = commands.add_parser("merge", help="merge the parts of every language into the site",
                                description="Checks that the parts were built from this checkout with the same "
                                            "versions, one per language, then writes the site, its search index "
                                            "and build-info.json as `helpcenter build` does.")
    merge.add_argument("parts", nargs="+", type=Path, metavar="PART", help="a part's folder")
    merge.add_argument("--site-dir", type=Path, default=Path("site"), help="output folder (default: site)")
    merge.add_argument("--strict", action="store_true", help="refuse a part whose build reported a problem")
    merge.set_defaults(run=command_merge)


def command_languages(args) -> int:
    from helpcenter.site.parallel import BuildFailed, built_languages

    try:
        _, built = built_languages(args.root / CONFIG_FILE)
    except BuildFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(built) if args.json else " ".join(built))
    return 0


def command_part(args) -> int:
    from helpcenter.site.parts import PartError, build_part

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    out = args.out or Path("parts") / args.language
    started = time.perf_counter()
    try:
        part = build_part(args.root / CONFIG_FILE, args.language, _in_project(args, out))
    except PartError as error:
        print(f"error: the part was not built: {error}", file=sys.stderr)
        return 1
    print(f"part {part.language} built in {out} ({time.perf_counter() - started:.1f} s): "
          f"{part.problems} problem(s)", flush=True)
    if part.problems and args.strict:
        print(f"error: the build of {part.language} reported {part.problems} problem(s), see the warnings above",
              file=sys.stderr)
        return 1
    return 0


def command_merge(args) -> int:
    from helpcenter.site.parts import PartError, merge_parts

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    try:
        parts = merge_parts(args.root / CONFIG_FILE, [_in_project(args, folder) for folder in args.parts],
                            _in_project(args, args.site_dir), strict=args.strict,
                            progress=lambda line: print(line, flush=True))
    except PartError as error:
        lines = str(error).splitlines()
        print("error: the parts were not merged (the site is as it was):\n" + "\n".join(f"  {line}" for line in lines),
              file=sys.stderr)
        return 1
    problems = sum(part.problems for part in parts)
    print(f"site merged in {args.site_dir} from {len(parts)} parts ({time.perf_counter() - started:.1f} s)"
          + (f"; {problems} problem(s) in their builds: no build-info.json, not deployable" if problems else ""))
    return 0


def _in_project(args, path: Path) -> Path:
    """A relative path is taken from the project's folder, as `helpcenter build --site-dir` takes it."""
    return path if path.is_absolute() else args.root / path
