"""The `civcas` command."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
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


def cmd_serve(args: argparse.Namespace) -> int:
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = partial(SimpleHTTPRequestHandler, directory=args.out)
    with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        args.site_url = f"http://127.0.0.1:{server.server_port}/"
        if cmd_build(args):
            return 1
        print(f"serving {args.out} at {args.site_url} (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
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
