"""Entitlements calculated together are each enterprise's own.

The web answers a worker's concurrent ``/enterprises/{uscc}/awards`` requests with
``entitlements_many`` (one plan for all, each request's ledger kept to its own enterprise's
caps); every enterprise's entitlements — amounts, caps counted against the ledger, stacking,
notes — must be the ones ``entitlements`` gives for it alone with the whole ledger.
"""

from __future__ import annotations

import random
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from techzone.awards import calculate, ledger
from techzone.awards.calculate import Settings, entitlements, entitlements_many
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.demo.load import load_demo
from techzone.rules import together
from techzone.rules.frame import Records
from techzone.rules.records import read_records
from techzone.store import Store, open_store

YEARS = (2025, 2026)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> Any:
    """60 demo enterprises, the 2025 entitlements in the ledger, the records and the ledger's
    caps as a dossier request reads them."""
    store: Store = open_store(f"sqlite:///{tmp_path_factory.mktemp('awards') / 'demo.sqlite'}")
    load_demo(store, 60)
    with store.transaction() as session:
        everyone = read_records(session)
        found = entitlements(
            catalogue, everyone, 2025, Settings(), recorded=ledger.recorded(session)
        )
        ledger.record(session, found, 2025, everyone.enterprises["uscc"], "测试", "测试记录")
    with store.transaction() as session:
        usccs = everyone.enterprises["uscc"].to_list()
        records = {u: read_records(session, uscc=u) for u in usccs}
        caps = ledger.recorded(session)
    return usccs, records, caps


def _alone(catalogue: Catalogue, asked: tuple[Records, int, pl.DataFrame]) -> pl.DataFrame:
    records, year, caps = asked
    return entitlements(catalogue, records, year, Settings(), recorded=caps)


def test_enterprises_together_get_their_own_entitlements(catalogue: Catalogue, demo: Any) -> None:
    usccs, records, caps = demo
    asked = [(records[u], year, caps) for u in usccs for year in YEARS]
    asked += [(records[usccs[5]], 2026, caps)] * 2  # one enterprise asked three times
    random.Random(3).shuffle(asked)
    together = entitlements_many(catalogue, asked)
    alone = [_alone(catalogue, a) for a in asked]
    for mine, expected in zip(together, alone, strict=True):
        assert isinstance(mine, pl.DataFrame)
        assert_frame_equal(mine, expected)
    # Worth comparing: entitlements in both years, and caps already counted in the ledger.
    found = pl.concat(alone)
    assert found.height >= 30 and set(found["trigger_date"].dt.year()) >= set(YEARS)
    assert not caps.is_empty()
    held = set(caps["limit_key"]) & set(found["limit_key"].drop_nulls())
    assert held, "no entitlement counted against a cap the ledger holds"


def test_caps_are_split_by_the_enterprise_in_their_key(catalogue: Catalogue, demo: Any) -> None:
    """The ledger's rows are kept by the enterprise in the second part of their key: no group
    (a policy id or a shared cap's name) holds the separator."""
    usccs, _, caps = demo
    assert set(caps["limit_key"].str.split("|").list.get(1)) <= set(usccs)
    for entry in catalogue.policies.values():
        limit = entry.policy.limit
        if limit is not None:
            assert "|" not in limit.key(entry.source.pack.id, entry.id)


def test_a_batch_is_calculated_together_and_a_failed_one_alone(
    catalogue: Catalogue, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    usccs, records, caps = demo
    asked = [(records[u], 2026, caps) for u in usccs[:8]]
    alone = [_alone(catalogue, a) for a in asked]
    calls: list[int] = []
    real = calculate.entitlements

    def counting(catalogue: Catalogue, records: Records, *args: Any, **kwargs: Any) -> Any:
        calls.append(records.enterprises.height)
        return real(catalogue, records, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(calculate, "entitlements", counting)
        together = entitlements_many(catalogue, asked)
    assert calls == [8]
    for mine, expected in zip(together, alone, strict=True):
        assert isinstance(mine, pl.DataFrame)
        assert_frame_equal(mine, expected)

    def broken(*_: object) -> object:
        raise RuntimeError("joint calculation failed")

    monkeypatch.setattr(calculate, "_calculate_together", broken)
    for mine, expected in zip(entitlements_many(catalogue, asked), alone, strict=True):
        assert isinstance(mine, pl.DataFrame)
        assert_frame_equal(mine, expected)


def test_caps_counted_against_the_ledger_stay_each_enterprise_own(catalogue: Catalogue) -> None:
    """Loans of 2025 in the ledger (some paid) fill the enterprise's lifetime cap on loan
    interest (白银 政策清单); the 2026 loans are cut by what each enterprise's own ledger holds —
    for half of them a 2025 loan the register no longer holds, counted from the ledger alone —
    whether calculated alone with the whole ledger or together."""
    from techzone.demo.identity import synthetic_uscc
    from techzone.rules.loader import load_packs
    from techzone.rules.profile import parse_profile, profile_records

    packs = load_packs()
    place = {"zone_code": "GS-BY", "province": "甘肃省", "city": "白银市", "park": "银南工业园"}
    recorded_with, records = [], []
    for number in range(6):
        events = [
            {
                "ref": "L0",
                "kind": "贷款贴息",
                "occurred_on": "2025-05-01",
                "amount": 90_000 * number,
            },
            {"ref": "L1", "kind": "贷款贴息", "occurred_on": "2026-02-01", "amount": 150_000},
            {"ref": "F1", "kind": "首台(套)/首批次/首版次", "occurred_on": "2025-03-01"},
        ]
        profile = {**place, "uscc": synthetic_uscc(300 + number), "events": events}
        recorded_with.append(profile_records(parse_profile(profile), packs.declarations))
        if number % 2:
            profile["events"] = events[1:]
        records.append(profile_records(parse_profile(profile), packs.declarations))
    from techzone.rules import together

    first = entitlements(catalogue, together.joined(recorded_with), 2025)
    paid = pl.when(pl.int_range(pl.len()) % 2 == 0).then(pl.col("planned"))
    caps = first.filter(pl.col("limit_key").is_not_null()).select(
        "entitlement_id", "limit_key", "amount_min", "amount_max", "planned", paid.alias("paid")
    )
    asked = [(r, year, caps) for r in records for year in YEARS]
    random.Random(11).shuffle(asked)
    alone = [_alone(catalogue, a) for a in asked]
    together_ = entitlements_many(catalogue, asked)
    for mine, expected in zip(together_, alone, strict=True):
        assert isinstance(mine, pl.DataFrame)
        assert_frame_equal(mine, expected)
    cut = pl.concat(alone).filter(pl.col("cap_note").is_not_null())
    assert cut.height >= 3, "the ledger's caps cut nothing: the case tests nothing"


def test_caps_counted_only_where_a_capped_policy_pays(
    catalogue: Catalogue, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no policy that pays has a cap, the plan leaves the caps' counting out; the
    entitlements (amounts, notes, types) are those of the plan that counts them over no row —
    for each enterprise alone, with and without the ledger, and for all of them at once."""
    usccs, records, caps = demo
    asked = [(records[u], year, held) for u in usccs for year in YEARS for held in (caps, None)]
    everyone = together.joined([records[u] for u in usccs])
    capped = calculate._capped
    skipped = 0

    def counted(paying: set[str], limits: pl.DataFrame) -> bool:
        nonlocal skipped
        skipped += not capped(paying, limits)
        return capped(paying, limits)

    monkeypatch.setattr(calculate, "_capped", counted)
    found = [entitlements(catalogue, r, y, Settings(), recorded=h) for r, y, h in asked]
    found += [entitlements(catalogue, everyone, y, Settings(), recorded=caps) for y in YEARS]
    assert skipped >= 20  # the shortcut is taken for many of them
    monkeypatch.setattr(calculate, "_capped", lambda paying, limits: True)
    counted_anyway = [entitlements(catalogue, r, y, Settings(), recorded=h) for r, y, h in asked]
    counted_anyway += [
        entitlements(catalogue, everyone, y, Settings(), recorded=caps) for y in YEARS
    ]
    for mine, expected in zip(found, counted_anyway, strict=True):
        assert_frame_equal(mine, expected)
    assert sum(frame.height for frame in found) >= 60
