"""The `civcas` command."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from civcas.files import DEFAULT_MAX_BYTES, MEGABYTE
from civcas.problems import InvalidPackage
from civcas.validate import validate

DEFAULT_PACKAGE = "datapackage"


REPORT_HINT = "this is a fault in civcas, not in your data: please report it with the command you ran"


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate(args.package_dir, args.max_bytes)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return 0 if report.valid else 1
    for problem in report.problems:
        print(problem.line())
    if report.valid:
        stats = report.stats()
        print(f"valid: {stats['releases']} official releases ({stats['monthly_reports']} monthly reports), "
              f"{stats['observations']} observations, {stats['sources']} sources, "
              f"{stats['monitor_counts']} monitor counts, {stats['conflicts']} conflicts resolved, "
              f"{len(report.findings)} findings")
        return 0
    print(f"invalid: {len(report.problems)} problem(s) in {args.package_dir}", file=sys.stderr)
    return 1


def cmd_build(args: argparse.Namespace) -> int:
    from civcas.site import BuildFailed, build

    try:
        report = build(Path(args.package), Path(args.out), site_url=getattr(args, "site_url", None),
                       max_bytes=args.max_bytes)
    except InvalidPackage as error:
        for problem in error.problems:
            print(problem.line())
        print(f"build stopped: {len(error.problems)} problem(s); {args.out} was left as it was", file=sys.stderr)
        return 1
    except BuildFailed as error:
        print(error)
        print(f"build stopped; {args.out} was left as it was", file=sys.stderr)
        return 1
    stats = report.stats()
    print(f"built {args.out}: {stats['releases']} releases, {stats['monitor_counts']} monitor counts, "
          f"{len(report.findings)} findings")
    return 0


def rebuild_problems(args: argparse.Namespace) -> list[str]:
    """Build once; the problems that stopped it, as lines, or none."""
    from civcas.site import BuildFailed, build

    try:
        build(Path(args.package), Path(args.out), site_url=args.site_url, max_bytes=args.max_bytes)
    except InvalidPackage as error:
        return [problem.line() for problem in error.problems]
    except BuildFailed as error:
        return [str(error)]
    except Exception as error:  # the preview must keep serving whatever an edit breaks
        return [f"build failed: {type(error).__name__}: {error}"]
    return []


def cmd_serve(args: argparse.Namespace) -> int:
    from civcas.kept import start_worker
    from civcas.serve import State, make_server, serve

    start_worker()  # forked before any server thread runs
    state = State()
    with make_server(Path(args.out), args.port, state) as server:
        args.site_url = f"http://127.0.0.1:{server.server_port}/"
        problems = rebuild_problems(args)
        state.finished(problems)
        for line in problems:
            print(line)
        print(f"serving {args.out} at {args.site_url}; rebuilding when {args.package}, docs or mkdocs.yml "
              "change (Ctrl+C to stop)", flush=True)
        watched = [Path(args.package), Path("docs"), Path("mkdocs.yml")]

        def rebuild() -> list[str]:
            started = time.perf_counter()
            found = rebuild_problems(args)
            print(f"rebuilt in {time.perf_counter() - started:.2f} s" if not found else
                  f"not rebuilt: {len(found)} problem(s), shown in the browser", flush=True)
            return found

        with contextlib.suppress(KeyboardInterrupt):
            serve(server, watched, rebuild, state)
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from civcas.release import make_release

    try:
        folder = make_release(args.version, args.date, Path(args.package), max_bytes=args.max_bytes)
    except InvalidPackage as error:
        for problem in error.problems:
            print(problem.line())
        print(f"release {args.version} refused: nothing was written", file=sys.stderr)
        return 1
    print(f"released {args.version} into {folder}")
    print((folder / "NOTES.txt").read_text(encoding="utf-8"), end="")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from civcas.ingest.cli import run

    return run(args)


class Parser(argparse.ArgumentParser):
    """A command line that cannot be understood is invalid input: exit 1, never 2 (kept for internal errors)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(1)


def megabytes(value: str) -> int:
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of megabytes") from None
    if not 0 < size < 1e9:
        raise argparse.ArgumentTypeError(f"'{value}' is not a positive number of megabytes")
    return int(size * MEGABYTE)


def iso_date(value: str) -> str:
    with contextlib.suppress(ValueError):
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
    raise argparse.ArgumentTypeError(f"'{value}' is not a date written YYYY-MM-DD")


def add_limit(command: argparse.ArgumentParser) -> None:
    command.add_argument("--max-file-size", type=megabytes, default=DEFAULT_MAX_BYTES, dest="max_bytes",
                         metavar="MB", help="refuse any package file larger than this (default: 50)")


def parser() -> argparse.ArgumentParser:
    root = Parser(prog="civcas", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True, parser_class=Parser)
    check = commands.add_parser("validate", help="validate a data package; exit 1 and list problems if invalid")
    check.add_argument("package_dir", nargs="?", default=DEFAULT_PACKAGE, help="package folder (default: datapackage)")
    check.add_argument("--json", action="store_true", help="print a machine-readable report")
    add_limit(check)
    check.set_defaults(run=cmd_validate)
    for name, run, help_text in (("build", cmd_build, "validate, then build the site"),
                                 ("serve", cmd_serve, "build, then serve the site on 127.0.0.1")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--package", default=DEFAULT_PACKAGE, help="package folder (default: datapackage)")
        command.add_argument("--out", default="build/site", help="output folder (default: build/site)")
        if name == "serve":
            command.add_argument("--port", type=int, default=8000)
        add_limit(command)
        command.set_defaults(run=run)
    release = commands.add_parser("release", help="freeze the validated package as release VERSION")
    release.add_argument("version", help="MAJOR.MINOR.PATCH, newer than every earlier release")
    release.add_argument("--date", type=iso_date, default=datetime.now(UTC).date().isoformat(),
                         help="release date, YYYY-MM-DD (default: today)")
    release.add_argument("--package", default=DEFAULT_PACKAGE, help="package folder (default: datapackage)")
    add_limit(release)
    release.set_defaults(run=cmd_release)
    ingest = commands.add_parser("ingest", help="draft observation and allegation rows from a statement's text")
    ingest.add_argument("files", nargs="+", metavar="FILE", help="text, HTML or PDF files")
    ingest.add_argument("--json", action="store_true", help="print one JSON object per file")
    ingest.add_argument("--report-id", help="report_id of the draft row (default: the month the text covers)")
    ingest.add_argument("--source-id", help="source_id of the draft row (a row of sources.csv)")
    ingest.add_argument("--append", action="store_true",
                        help="add the draft to the package's observations if the package still validates")
    ingest.add_argument("--package", default=DEFAULT_PACKAGE, help="package folder (default: datapackage)")
    ingest.set_defaults(run=cmd_ingest)
    return root


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when all is well, 1 for invalid input (every problem located), 2 for a fault of civcas itself."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: one line instead of a traceback
        detail = " ".join(str(error).split())
        print(f"internal error: {type(error).__name__}: {detail}; {REPORT_HINT}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
