"""Recall and precision of ``techzone extract`` on the hand-labelled evaluation set.

The set is ``tests/extract/eval/``: public policy pages (``texts/``) and one label file per page
(``labels/``), each naming its source, its split (development or held-back) and every reward
clause as a reader sees it — where its figure is (``at``, the figure ``fig`` inside it, ``n`` for
the n-th occurrence), its kind, amount, cap and rate, and its condition (the words saying who is
paid for what). The labels were committed before the extractor first ran on these pages.

    python benchmarks/extraction_eval.py                 # development part
    python benchmarks/extraction_eval.py --split held-back
    python benchmarks/extraction_eval.py --check-labels  # every label found in the text as read
    python benchmarks/extraction_eval.py --documents a,b # only these pages (a round's new pages)

Measures (a predicted clause and a label are paired when the prediction's amount span overlaps
the label's figure; each is paired once):

- clauses: precision over predicted clauses, recall over labels;
- amounts: paired, and amount, cap and rate all equal the label's;
- kinds: paired, and the kind equals the label's;
- caps bound: over labels with a cap (recall) and predictions with a cap (precision): paired and
  the cap equal;
- condition spans: paired, and the predicted condition overlaps at least half of the labelled
  condition's characters.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from techzone.extract import Clause, extract_file
from techzone.extract.read import read_document

EVAL = Path(__file__).resolve().parent.parent / "tests" / "extract" / "eval"
# The pages themselves are not in the repository: they come from public repositories the search
# tools fetched, whose contents may be kept only beside the project, under shared/ (never
# committed). The labels, written by hand, are ours and stay in tests/extract/eval/labels.
TEXTS = Path(
    os.environ.get(
        "TECHZONE_EVAL_TEXTS",
        Path(__file__).resolve().parents[2] / "shared" / "extraction-eval",
    )
)


@dataclass
class Label:
    figure: tuple[int, int]
    condition: tuple[int, int] | None
    kind: str
    amount: Decimal | None
    cap: Decimal | None
    rate: Decimal | None
    at: str


@dataclass
class Document:
    id: str
    path: Path
    split: str
    text: str
    labels: list[Label]
    problems: list[str] = field(default_factory=list)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load(
    split: str | None = None,
    folder: Path = EVAL,
    texts: Path = TEXTS,
    only: frozenset[str] | None = None,
) -> list[Document]:
    documents = []
    for path in sorted((folder / "labels").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if split is not None and data["split"] != split:
            continue
        if only is not None and data["document"] not in only:
            continue
        text_path = texts / data["text"]
        text = read_document(text_path).text
        document = Document(data["document"], text_path, data["split"], text, [])
        for item in data["clauses"]:
            label = _locate(text, item, document.problems)
            if label is not None:
                document.labels.append(label)
        documents.append(document)
    return documents


def _locate(text: str, item: dict[str, Any], problems: list[str]) -> Label | None:
    """The label's figure and condition as character spans of the text as read."""
    at, figure = item["at"], item["fig"]
    start = -1
    for _ in range(item.get("n", 1)):
        start = text.find(at, start + 1)
        if start < 0:
            problems.append(f"not in the text as read: {at!r} (occurrence {item.get('n', 1)})")
            return None
    if text.count(at) > 1 and "n" not in item:
        problems.append(f"{at!r} occurs {text.count(at)} times: give n")
    inside = at.find(figure)
    if inside < 0:
        problems.append(f"figure {figure!r} not inside {at!r}")
        return None
    where = start + inside
    condition = None
    if item.get("cond"):
        found = text.rfind(item["cond"], 0, where + len(figure))
        if found < 0:
            found = text.find(item["cond"])
        if found < 0:
            problems.append(f"condition {item['cond']!r} not in the text as read")
        else:
            condition = (found, found + len(item["cond"]))
    return Label(
        figure=(where, where + len(figure)),
        condition=condition,
        kind=item["kind"],
        amount=_decimal(item.get("amount")),
        cap=_decimal(item.get("cap")),
        rate=_decimal(item.get("rate")),
        at=at,
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair(labels: list[Label], clauses: list[Clause]) -> list[tuple[Label, Clause]]:
    """Each label with the first unpaired prediction whose amount span overlaps its figure."""
    used: set[int] = set()
    pairs = []
    for label in labels:
        for index, clause in enumerate(clauses):
            if index not in used and _overlap(label.figure, clause.span) > 0:
                used.add(index)
                pairs.append((label, clause))
                break
    return pairs


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # class, document, detail

    def ratio(self, right: str, total: str) -> str:
        n = self.counts[total]
        return f"{self.counts[right] / n:.1%} ({self.counts[right]}/{n})" if n else "— (0/0)"


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    return a == b if a is None or b is None else a.compare(b) == 0


def _condition_right(label: Label, clause: Clause) -> bool:
    span = clause.parts.get("condition")
    if label.condition is None or span is None:
        return False
    length = label.condition[1] - label.condition[0]
    return _overlap(label.condition, span) * 2 >= length


def score(documents: list[Document]) -> Tally:
    tally = Tally()
    for document in documents:
        clauses = extract_file(document.path).clauses
        pairs = pair(document.labels, clauses)
        paired = {id(clause) for _, clause in pairs}
        tally.counts["labels"] += len(document.labels)
        tally.counts["predicted"] += len(clauses)
        tally.counts["paired"] += len(pairs)
        found = {id(label) for label, _ in pairs}
        for label in document.labels:
            if id(label) not in found:
                tally.errors.append(("missed", document.id, f"{label.at} ({label.kind})"))
        for clause in clauses:
            if id(clause) not in paired:
                tally.errors.append(
                    ("false alarm", document.id, f"{clause.amount_text} ({clause.kind})")
                )
        tally.counts["labels_capped"] += sum(label.cap is not None for label in document.labels)
        tally.counts["predicted_capped"] += sum(c.cap_yuan is not None for c in clauses)
        for label, clause in pairs:
            amount = (
                _same(label.amount, clause.amount_yuan)
                and _same(label.cap, clause.cap_yuan)
                and _same(label.rate, clause.rate)
            )
            tally.counts["amount_right"] += amount
            if not amount:
                tally.errors.append(
                    (
                        "amount",
                        document.id,
                        f"{label.at}: labelled {label.amount}/{label.cap}/{label.rate}, "
                        f"read {clause.amount_yuan}/{clause.cap_yuan}/{clause.rate}",
                    )
                )
            tally.counts["kind_right"] += label.kind == clause.kind
            if label.kind != clause.kind:
                tally.errors.append(
                    ("kind", document.id, f"{label.at}: {label.kind} read as {clause.kind}")
                )
            cap_right = label.cap is not None and _same(label.cap, clause.cap_yuan)
            tally.counts["cap_right_of_labels"] += cap_right
            tally.counts["cap_right_of_predicted"] += clause.cap_yuan is not None and _same(
                label.cap, clause.cap_yuan
            )
            if (label.cap is not None or clause.cap_yuan is not None) and not _same(
                label.cap, clause.cap_yuan
            ):
                tally.errors.append(
                    ("cap", document.id, f"{label.at}: cap {label.cap} read {clause.cap_yuan}")
                )
            tally.counts["labels_with_condition"] += label.condition is not None
            condition = _condition_right(label, clause)
            tally.counts["condition_right"] += condition
            if label.condition is not None and not condition:
                tally.errors.append(("condition", document.id, f"{label.at}: {clause.condition!r}"))
    return tally


def measures(tally: Tally) -> dict[str, tuple[float, float]]:
    """Precision and recall of each measure, as fractions (1.0 where nothing was due)."""
    c = tally.counts

    def frac(right: int, total: int) -> float:
        return right / total if total else 1.0

    return {
        "clauses": (frac(c["paired"], c["predicted"]), frac(c["paired"], c["labels"])),
        "amounts": (frac(c["amount_right"], c["predicted"]), frac(c["amount_right"], c["labels"])),
        "kinds": (frac(c["kind_right"], c["predicted"]), frac(c["kind_right"], c["labels"])),
        "caps": (
            frac(c["cap_right_of_predicted"], c["predicted_capped"]),
            frac(c["cap_right_of_labels"], c["labels_capped"]),
        ),
        "conditions": (
            frac(c["condition_right"], c["predicted"]),
            frac(c["condition_right"], c["labels_with_condition"]),
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="development", choices=["development", "held-back"])
    parser.add_argument("--check-labels", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list every error")
    # A round's new pages are measured alone before any rule is written from them: that first
    # figure is the honest estimate of how the extractor does on pages nobody tuned it for.
    parser.add_argument("--documents", help="only these pages (ids joined by commas)")
    args = parser.parse_args()
    only = None if args.documents is None else frozenset(args.documents.split(","))
    documents = load(None if args.check_labels else args.split, only=only)
    if args.check_labels:
        bad = [(d.id, p) for d in documents for p in d.problems]
        for item in bad:
            print(*item)
        labels = sum(len(d.labels) for d in documents)
        print(f"{len(documents)} documents, {labels} labels located, {len(bad)} problems")
        return 1 if bad else 0
    tally = score(documents)
    print(f"{args.split}: {len(documents)} documents, {tally.counts['labels']} labelled clauses")
    for name, (precision, recall) in measures(tally).items():
        print(f"  {name:<11} precision {precision:6.1%}   recall {recall:6.1%}")
    print("errors by class:", dict(Counter(kind for kind, _, _ in tally.errors)))
    if args.errors:
        for kind, document, detail in tally.errors:
            print(f"  [{kind}] {document}: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
