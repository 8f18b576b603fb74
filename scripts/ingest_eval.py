"""Measure `civcas ingest` against texts whose figures a careful reader wrote down.

For each set under tests/ingest_texts/ (dev: used while writing the patterns; heldout: kept aside), prints
every value found, missed or wrong, then precision (share of values given that are right) and recall (share
of the reader's values that were found). A value is a figure, the strikes qualifier, the data month, the
release date, or one field of a listed allegation. Prints figures; asserts nothing.

    python scripts/ingest_eval.py [SET...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from civcas.ingest.draft import Draft, draft

TEXTS = Path(__file__).resolve().parents[1] / "tests" / "ingest_texts"


def values(result: Draft | dict) -> dict[str, object]:
    """Every value of a draft (or of the reader's record of one) under a flat name."""
    record = result.to_dict() if isinstance(result, Draft) else result
    flat: dict[str, object] = {f"figures.{k}": v for k, v in record.get("figures", {}).items()}
    flat.update({f"qualifiers.{k}": v for k, v in record.get("qualifiers", {}).items()})
    if "figures.cum_strikes" in flat:  # a count of strikes without a qualifier is exact
        flat.setdefault("qualifiers.cum_strikes_qualifier", "exact")
    for key in ("data_month", "release_date"):
        if record.get(key) is not None:
            flat[key] = record[key]
    for i, item in enumerate(record.get("allegations", [])):
        flat.update({f"allegation{i + 1}.{k}": v for k, v in item.items() if v is not None and k != "text"})
    return flat


SCORED = ("incident_date", "place", "country", "verdict", "killed", "injured", "reference", "monitor_code")


def scored(key: str) -> bool:
    """Allegation fields the reader did not record (a grid reference, who reported it) are not scored."""
    return not key.startswith("allegation") or key.split(".", 1)[1] in SCORED


def compare(found: dict[str, object], expected: dict[str, object]) -> tuple[list[str], list[str], list[str]]:
    right = [k for k in expected if found.get(k) == expected[k]]
    missed = [k for k in expected if k not in found]
    wrong = [k for k, v in found.items() if scored(k) and expected.get(k, v if k in expected else None) != v]
    return right, missed, wrong


def evaluate(folder: Path) -> tuple[int, int, int]:
    expected_all = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    totals = [0, 0, 0]
    for name, expected in sorted(expected_all.items()):
        found = values(draft(folder / name, name))
        right, missed, wrong = compare(found, values(expected))
        for i, part in enumerate((right, missed, wrong)):
            totals[i] += len(part)
        print(f"  {name}: {len(right)} right, {len(missed)} missed, {len(wrong)} wrong")
        for key in missed:
            print(f"      missed {key} = {values(expected)[key]}")
        for key in wrong:
            print(f"      WRONG  {key} = {found[key]} (reader: {values(expected).get(key)})")
    return tuple(totals)  # type: ignore[return-value]


def main(sets: list[str]) -> None:
    for name in sets or ["dev", "heldout"]:
        print(f"{name}:")
        right, missed, wrong = evaluate(TEXTS / name)
        given = right + wrong
        precision = right / given if given else 1.0
        recall = right / (right + missed) if right + missed else 1.0
        print(f"{name}: {right} right, {missed} missed, {wrong} wrong; precision {precision:.1%}, "
              f"recall {recall:.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
