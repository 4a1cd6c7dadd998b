"""The `helpcenter` command: check, new, status, translated, build, languages, part, merge, serve, deploy.

    helpcenter check                      everything wrong, as file:line: problem (exit 1 if any)
    helpcenter new guide SLUG --title T   a page in six languages, added to the navigation
    helpcenter status [--json]            the translation matrix, and the pages readers found unhelpful
    helpcenter translated PAGE --lang L   record that a translation follows its source again
    helpcenter build                      the whole site, strict, with progress per language
    helpcenter languages|part|merge       the same site built one language per CI job, then merged
    helpcenter serve [--lang de]          live preview of every language (or one), updated on each save
    helpcenter deploy [--config F]        publish site/ to every target of the deploy configuration
    helpcenter deploy --check [--ci]      check the deploy configuration against the policy, deploy nothing
    helpcenter intake serve|list|show|retry|feedback   the helpdesk API, its outbox, the readers' answers
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from pathlib import Path

from helpcenter.errors import PolicyError

CONFIG_FILE = "mkdocs.yml"


def project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml: the current one or a parent."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).exists():
            return candidate
    raise SystemExit(f"error: no {CONFIG_FILE} here or in a parent folder; run helpcenter inside the project")


def load_project(args):
    """The project's mkdocs.yml, read by MkDocs' own config loading (helpcenter.site.config)."""
    from helpcenter.site.config import load_project as load

    return load(args.root / CONFIG_FILE)


def command_check(args) -> int:
    from helpcenter.cli.check import check_project, format_report

    problems = check_project(load_project(args))
    if problems:
        print(format_report(problems))
        print(f"\n{len(problems)} problem(s). Fix them, then run `helpcenter check` again.")
        return 1
    print("No problem found.")
    return 0


def command_status(args) -> int:
    from helpcenter.cli import feedback
    from helpcenter.policy.loader import load_policy
    from helpcenter.content.translations import BROKEN, MISSING, PENDING, STALE, UP_TO_DATE, translation_matrix

    project = load_project(args)
    languages = load_policy(project.policy_file).language_codes
    matrix = translation_matrix(project.docs_dir, languages)
    if args.json:
        print(json.dumps({page: {language: state.status for language, state in states.items()}
                          for page, states in matrix.items()}, indent=2))
        return 0
    symbols = {UP_TO_DATE: "ok", STALE: "STALE", MISSING: "MISSING", PENDING: "pending", BROKEN: "BROKEN"}
    width = max(len(page) for page in matrix)
    print(f"{'page':<{width}}  " + "  ".join(f"{language:<7}" for language in languages[1:]))
    for page, states in matrix.items():
        print(f"{page:<{width}}  " + "  ".join(f"{symbols[states[language].status]:<7}" for language in languages[1:]))
    counts = {}
    for states in matrix.values():
        for state in states.values():
            counts[state.status] = counts.get(state.status, 0) + 1
    print("\n" + ", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    print("\n" + "\n".join(feedback.status_lines(project.docs_dir, languages[0], feedback.rules_of(args))))
    return 0


def command_translated(args) -> int:
    from helpcenter.policy.loader import load_policy
    from helpcenter.content.translations import PENDING, mark_translated, pages_of, translation_state

    project = load_project(args)
    languages = load_policy(project.policy_file).language_codes
    docs = project.docs_dir
    if args.lang != "all" and args.lang not in languages[1:]:
        print(f"error: --lang must be one of {', '.join(languages[1:])} or all", file=sys.stderr)
        return 1
    targets = languages[1:] if args.lang == "all" else (args.lang,)
    pages = pages_of(docs, languages[0]) if args.page == "all" else [args.page]
    if args.page != "all" and not (docs / languages[0] / args.page).exists():
        print(f"error: docs/{languages[0]}/{args.page} does not exist; give the page's path inside a language "
              "folder, e.g. guide/getting-started.md", file=sys.stderr)
        return 1
    for page in pages:
        for language in targets:
            path = docs / language / page
            if not path.exists():
                if args.page != "all":
                    print(f"error: docs/{language}/{page} does not exist; translate it first", file=sys.stderr)
                    return 1
                continue
            # `all` refreshes translations, it never declares a pending one translated: name it explicitly.
            if args.page == "all" and translation_state(docs, page, languages[0], language).status == PENDING:
                print(f"docs/{language}/{page}: still pending, left as it is")
                continue
            mark_translated(docs, page, languages[0], language)
            print(f"docs/{language}/{page}: follows docs/{languages[0]}/{page} again")
    return 0


def command_new(args) -> int:
    from helpcenter.cli.new import create_page

    try:
        created = create_page(load_project(args), args.kind, args.slug, args.title, product=args.product)
    except (ValueError, PolicyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in created:
        print(f"created {path.relative_to(args.root)}")
    print("Added to the navigation in mkdocs.yml. The translations are marked pending until translated;")
    print("after translating one, run: helpcenter translated <page> --lang <language>")
    return 0


def command_build(args) -> int:
    """Every language in its own process, as many at once as there are cores, merged into one site."""
    from helpcenter.site.early_search import begin_early

    early = begin_early(args.root)  # before MkDocs is imported (site.early_search)
    try:
        return _build(args, early)
    finally:
        if early is not None:
            early.stop()


def _build(args, early) -> int:
    from helpcenter.site.parallel import BuildFailed, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = args.site_dir if args.site_dir.is_absolute() else args.root / args.site_dir
    started = time.perf_counter()
    try:
        build_site(args.root / "mkdocs.yml", site_dir, jobs=args.jobs, progress=lambda line: print(line, flush=True),
                   early=early)
    except BuildFailed as error:
        print(f"error: the site was not built: {error}", file=sys.stderr)
        return 1
    print(f"site built in {args.site_dir} ({time.perf_counter() - started:.1f} s)")
    return 0


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def command_serve(args) -> int:
    """Every language (or the default one and --lang) built at once, then each save updates only the
    pages it touches."""
    from helpcenter.site.live import serve

    if port_in_use(args.port):
        print(f"error: port {args.port} is already in use (another preview?); stop it, or preview on another "
              f"port: helpcenter serve --port {args.port + 1}", file=sys.stderr)
        return 1
    project = load_project(args)
    languages = None if args.lang == "all" else sorted({project.default_language, args.lang})
    page = "" if args.lang in ("all", project.default_language) else f"{args.lang}/"
    print(f"previewing on http://127.0.0.1:{args.port}/{page}", flush=True)
    return serve(project.config_file, f"127.0.0.1:{args.port}", languages)


def command_deploy(args) -> int:
    from helpcenter.deploy.pipeline import DeployError, deploy, rollback

    config = args.config if args.config.is_absolute() else args.root / args.config
    site_dir = args.site_dir if args.site_dir.is_absolute() else args.root / args.site_dir
    try:
        if args.check:
            from helpcenter.cli.deploy_check import check_deploy

            return check_deploy(load_project(args), config, ci=args.ci)
        if args.rollback:
            rollback(config, args.rollback)
        else:
            deploy(site_dir, config)
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nerror: deploy interrupted (Ctrl+C); the lines above say which targets already serve the new "
              "release; run `helpcenter deploy` again to finish (or `helpcenter deploy --rollback TARGET`)",
              file=sys.stderr)
        return 130
    return 0


HELPDESK_COMMANDS = ("status", "intake")  # their options come from the helpdesk modules


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; given the `command` to run, a command other than status and intake is
    parsed without importing the helpdesk modules (0.2-0.4 s at each start of `helpcenter build`)."""
    helpdesk = command is None or command in HELPDESK_COMMANDS or command not in COMMANDS
    parser = argparse.ArgumentParser(prog="helpcenter", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="list everything wrong in the sources (exit 1 if anything)",
                                description="Validates support.yml, front matter, markers, links, anchors, "
                                            "images, navigation, tutorials and translations.")
    check.set_defaults(run=command_check)

    new = commands.add_parser("new", help="create a page in every language and add it to the navigation")
    new.add_argument("kind", choices=("guide", "faq", "tutorial"), help="the section of the new page")
    new.add_argument("slug", help="file name without .md, in English, e.g. reset-password")
    new.add_argument("--title", required=True, help="the page's title in the default language")
    new.add_argument("--product", help="for a tutorial: the product id of support.yml")
    new.set_defaults(run=command_new)

    status = commands.add_parser("status", help="show which translations are up to date, stale, missing or pending, "
                                                "and the pages readers found unhelpful")
    status.add_argument("--json", action="store_true", help="print the matrix as JSON")
    if helpdesk:
        from helpcenter.cli.feedback import add_rule_options

        add_rule_options(status)
    status.set_defaults(run=command_status)

    translated = commands.add_parser("translated", help="record that a translation follows its source again")
    translated.add_argument("page", help="path inside a language folder, e.g. guide/getting-started.md, or 'all'")
    translated.add_argument("--lang", required=True, help="the translation's language, or 'all'")
    translated.set_defaults(run=command_translated)

    build = commands.add_parser("build", help="build the whole site (strict), showing each language")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--jobs", type=int, default=None,
                       help="languages built at once (default: one per core; 1 builds them one after the other)")
    build.set_defaults(run=command_build)

    from helpcenter.cli import parts

    parts.add_parsers(commands)

    serve = commands.add_parser("serve", help="live preview of every language; a save updates only its pages")
    serve.add_argument("--lang", default="all",
                       help="preview only this language and the default one (faster start); default: all")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=command_serve)

    deploy = commands.add_parser("deploy", help="publish the built site to every target, then verify them")
    deploy.add_argument("--site-dir", type=Path, default=Path("site"))
    deploy.add_argument("--config", type=Path, default=Path("deploy.yml"),
                        help="deploy configuration (see deploy.example.yml)")
    deploy.add_argument("--rollback", metavar="TARGET", help="switch TARGET back to its previous release instead")
    deploy.add_argument("--check", action="store_true",
                        help="only check the configuration: valid, as many distinct hosting sites as support.yml "
                             "promises, boto3 there for s3 targets; deploy nothing")
    deploy.add_argument("--ci", action="store_true",
                        help="with --check, on a throw-away CI machine: refuse targets on this machine and require "
                             "the secrets of each target type (HAS_SSH_KEY, HAS_KNOWN_HOSTS, HAS_AWS_KEYS = true)")
    deploy.set_defaults(run=command_deploy)

    if helpdesk:
        from helpcenter.cli import intake

        intake.add_parser(commands)
    return parser


COMMANDS = ("check", "new", "status", "translated", "build", "languages", "part", "merge", "serve", "deploy", "intake")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((argument for argument in argv if not argument.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    args.root = project_root() if getattr(args, "needs_project", True) else None
    try:
        return args.run(args)
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nhelpcenter {args.command}: stopped (Ctrl+C)", file=sys.stderr)
        return 130

