"""Targets, calendar and ladders are data that quote their documents: the quotes are the seeds'
own words, and a broken targets file is refused with the file and the reason."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from techzone.cultivation.calendar import calendar_template
from techzone.cultivation.ladder import ladders
from techzone.cultivation.progress import TargetProgress
from techzone.zones.targets import TargetError, load_targets, read_targets, targets_for

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _seed(name: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("the seed documents (../shared/seeds) are not beside the repository")
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


def _plain(text: str) -> str:
    # The seeds are web copies with half-width punctuation; the quotes use full-width.
    return unicodedata.normalize("NFKC", text)


def _quoted(text: str, source: str) -> bool:
    """Every part of a quote (parts cut at "……") appears in the source."""
    parts = [part.strip() for part in text.split("……") if part.strip()]
    return all(_plain(part) in _plain(source) for part in parts)


def test_every_chengguan_target_quotes_seed_003() -> None:
    # 白银's targets quote seed 002: tests/zones/test_baiyin_targets.py.
    seed = _seed("003")
    targets = [t for t in load_targets() if t.zone == "LZ-CG"]
    assert len(targets) == 15
    for target in targets:
        assert _quoted(target.clause.text.rstrip("。"), seed), target.id


def test_calendar_and_ladder_quote_their_seeds() -> None:
    seed = _seed("003")
    template = calendar_template()
    clauses = [(p.id, p.clause) for p in template.phases]
    clauses += [(d.id, d.clause) for d in template.deadlines]
    for item, clause in clauses:
        assert clause.ref.startswith("seeds/003")
        assert _quoted(clause.text, seed), item
    for ladder in ladders():
        for source in ladder.sources:
            if source.ref.startswith("seeds/"):
                number = source.ref.split("/")[1][:3]
                assert _quoted(source.text, _seed(number)), source.ref


def test_targets_by_year() -> None:
    in_2026 = {t.id for t in targets_for(2026, "LZ-CG")}
    assert "cg-new-hnte-yearly" in in_2026 and "cg-hnte-2027" in in_2026
    assert {t.id for t in targets_for(2028)} == set()
    assert targets_for(2026, "GX-LZ") == []  # 柳州's measures set no enterprise targets
    (hnte,) = [t for t in targets_for(2027) if t.id == "cg-hnte-2027"]
    assert (hnte.wanted, hnte.when) == ("> 255家", "到2027年")
    assert hnte.met(256) and not hnte.met(255)


_GOOD = """
document: {title: 示例, source: seeds/003, period: {from: 2024, to: 2027}}
targets:
  - {id: a, zone: LZ-CG, label: 甲, indicator: hnte_total, year: 2027, value: 1, comparison: ">=",
     unit: 家, clause: {ref: 二, text: 甲}}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("year: 2027", "须且只须给出"),
        ('comparison: ">="', "comparison"),
        ("value: 1", "value"),
    ],
)
def test_a_broken_targets_file_names_the_file_and_the_field(
    tmp_path: Path, change: str, message: str
) -> None:
    broken = {
        "year: 2027": "yearly: true, year: 2027",
        'comparison: ">="': 'comparison: "about"',
        "value: 1": "value: many",
    }[change]
    path = tmp_path / "bad.yaml"
    path.write_text(_GOOD.replace(change, broken), encoding="utf-8")
    with pytest.raises(TargetError, match=f"bad.yaml.*{message}"):
        read_targets(path)


def test_target_ids_are_unique_across_files(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(_GOOD, encoding="utf-8")
    (tmp_path / "two.yaml").write_text(_GOOD, encoding="utf-8")
    assert len(read_targets(tmp_path / "one.yaml")) == 1
    with pytest.raises(TargetError, match=r"「a」与 one\.yaml 重复"):
        load_targets(tmp_path)


def test_progress_says_how_much_is_still_to_go() -> None:
    (beyond,) = [t for t in load_targets() if t.id == "cg-hnte-2027"]
    (share,) = [t for t in load_targets() if t.id == "cg-hnte-private-share-2027"]
    assert TargetProgress(beyond, 20).remaining == 236
    assert TargetProgress(beyond, 256).remaining == 0 and TargetProgress(beyond, 256).met
    assert TargetProgress(share, 79.5).remaining == 0.5
    assert TargetProgress(share, 40).share == 50.0
    assert TargetProgress(share, None).met is None
    assert TargetProgress(share, 79.2).remaining == 0.8  # not 0.7999999999999972
    # 五(一)1: tech SMEs +60 a year; a register that shrank by 53 is 113 short, 0% of the way.
    (rise,) = [t for t in load_targets() if t.id == "cg-tech-sme-increase-yearly"]
    assert TargetProgress(rise, -53).remaining == 113
    assert TargetProgress(rise, -53).share == 0
    assert TargetProgress(rise, 59).met is False and TargetProgress(rise, 60).met is True
