"""How long a recognition lasts: the ``qualifications`` terms of ``ladder.yaml``, read without the
rest of the cultivation layer so that the import sheets can apply them to a row.

A certificate's term is set by its document, not by whoever types it in: an HNTE certificate is
valid for three years from its issue date (国科发火〔2016〕32号 第九条), so a row that leaves
有效期至 blank is not "valid for ever" but valid to the end of that term.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from techzone.model.codes import Level, QualificationKind

LADDER_FILE = Path(__file__).resolve().parent / "ladder.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Validity(_Strict):
    years: int | None = None
    until: Literal["year_end"] | None = None


class Terms(_Strict):
    """What a recognition records: the level that recognises it and its term."""

    level: Level
    validity: Validity | None
    clause: str

    def expires(self, issued_on: date) -> date | None:
        if self.validity is None:
            return None
        if self.validity.until == "year_end":
            return date(issued_on.year, 12, 31)
        assert self.validity.years is not None
        return term_end(issued_on, self.validity.years)


def term_end(issued_on: date, years: int) -> date:
    """The last day of a term of ``years`` years from the issue date: the day before the
    anniversary (S-32 第九条, "自颁发证书之日起有效期为三年"). An issue on 29 February has its
    anniversary on 1 March of a common year, so the term still ends on the last day of February."""
    try:
        anniversary = issued_on.replace(year=issued_on.year + years)
    except ValueError:
        anniversary = date(issued_on.year + years, 3, 1)
    return anniversary - timedelta(days=1)


@cache
def all_terms(path: Path = LADDER_FILE) -> dict[QualificationKind, Terms]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["qualifications"]
    parsed = {QualificationKind(kind): Terms.model_validate(value) for kind, value in raw.items()}
    missing = set(QualificationKind) - set(parsed)
    if missing:
        raise ValueError(f"{path}: qualifications without terms: {sorted(missing)}")
    return parsed


def document_term_end(kind: QualificationKind, issued_on: date) -> date | None:
    """The end of the term a document fixes in years (HNTE, the 优质中小企业 tiers, 单项冠军),
    or None where no document gives one. The tech-SME registration's year-end term is the
    system's own choice (ladder.yaml says so), not a document's, and is not applied to rows."""
    validity = all_terms()[kind].validity
    if validity is None or validity.years is None:
        return None
    return term_end(issued_on, validity.years)
