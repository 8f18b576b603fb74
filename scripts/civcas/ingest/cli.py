"""`civcas ingest`: print drafts, or add one to the package."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from civcas.ingest.append import append_observation, observations_resource
from civcas.ingest.draft import Draft, draft, readable
from civcas.ingest.text import UnreadableFile


def run(args: argparse.Namespace) -> int:
    if args.append and (len(args.files) != 1 or not args.source_id):
        print("civcas ingest --append takes one FILE and --source-id", file=sys.stderr)
        return 1
    drafts: list[Draft] = []
    for name in args.files:
        try:
            drafts.append(draft(Path(name), name))
        except UnreadableFile as error:
            print(f"{name}::: {error}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps([d.to_dict() for d in drafts], indent=2, ensure_ascii=False))
    package = Path(args.package)
    columns = observations_resource(package)[1] if (package / "datapackage.json").is_file() else []
    if not args.json:
        for result in drafts:
            row = result.observation(args.report_id, args.source_id)
            print(f"# {result.file}")
            print(readable(result, row, columns or list(row)))
    if not args.append:
        return 0
    result = drafts[0]
    row = result.observation(args.report_id, args.source_id)
    if not row["report_id"] or not result.figures:
        print(f"{result.file}: nothing added: the text gives no report month or no figure "
              "(give --report-id, or enter the row by hand)", file=sys.stderr)
        return 1
    problems = append_observation(package, row)
    for problem in problems:
        print(problem.line(), file=sys.stderr)
    if problems:
        print(f"nothing added: with this draft the package would not validate ({len(problems)} problem(s))",
              file=sys.stderr)
        return 1
    stated = ", ".join(f"{k}={v}" for k, v in row.items() if v and k not in ("report_id", "source_id"))
    print(f"added to {package / observations_resource(package)[0]}: report {row['report_id']}, "
          f"source {row['source_id']}: {stated}", file=sys.stderr if args.json else sys.stdout)
    return 0
