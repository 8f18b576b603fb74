"""The `civcas` command."""

from __future__ import annotations

import argparse
import json
import sys

from civcas.validate import validate

DEFAULT_PACKAGE = "datapackage"


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate(args.package_dir)
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


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="civcas", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate a data package; exit 1 and list problems if invalid")
    check.add_argument("package_dir", nargs="?", default=DEFAULT_PACKAGE, help="package folder (default: datapackage)")
    check.add_argument("--json", action="store_true", help="print a machine-readable report")
    check.set_defaults(run=cmd_validate)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
