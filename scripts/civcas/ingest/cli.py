"""`civcas ingest`: print drafts, or add one to the package."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from civcas.ingest.append import append_rows, observations_resource, resource
from civcas.ingest.draft import Draft, allegation_rows, draft, readable
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
    items, left_out = drafted_allegations(package, result, row)
    problems = append_rows(package, {"observations": [row], "allegations": items})
    for problem in problems:
        print(problem.line(), file=sys.stderr)
    if problems:
        print(f"nothing added: with this draft the package would not validate ({len(problems)} problem(s))",
              file=sys.stderr)
        return 1
    stated = ", ".join(f"{k}={v}" for k, v in row.items() if v and k not in ("report_id", "source_id"))
    said = sys.stderr if args.json else sys.stdout
    print(f"added to {package / observations_resource(package)[0]}: report {row['report_id']}, "
          f"source {row['source_id']}: {stated}", file=said)
    if items or left_out:
        print(f"added {len(items)} allegation(s) to {package / resource(package, 'allegations')[0]}"
              + (f"; {left_out} left out (verdict or date not certain: enter them by hand)" if left_out else ""),
              file=said)
    return 0


def drafted_allegations(package: Path, result: Draft, row: dict[str, str]) -> tuple[list[dict[str, str]], int]:
    """Allegation rows for the drafted observation, read at the address of its source."""
    if not result.allegations:
        return [], 0
    path, _ = resource(package, "allegations")
    with open(package / path, encoding="utf-8", newline="") as handle:
        taken = {r["allegation_id"] for r in csv.DictReader(handle)}
    sources_path, _ = resource(package, "sources")
    with open(package / sources_path, encoding="utf-8", newline="") as handle:
        source = next((s for s in csv.DictReader(handle) if s["source_id"] == row["source_id"]), {})
    return allegation_rows(result.allegations, row["report_id"], source.get("url", ""),
                           source.get("kind") == "official", taken)
