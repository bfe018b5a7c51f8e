"""Caps (最高) over a subject and a period, across events, runs and the ledger.

"给予取得信贷支持企业最高20万元" limits the enterprise's total, not each loan: two loans whose
subsidies come to more than 20万元 are cut so that together they stay within it. Each policy's
``limit`` names whose total (enterprise, bank, item …) and over what period (a year, the policy's
whole life); its entitlements share a key — ``<group>|<subject>[|<item>][|<year>]`` — and are
counted against it in date order, after what the ledger already holds under the same key from
earlier runs and years.

Each of min, max and planned is cut against its own running total, so the maxima of one key —
what could at most be paid — never add up to more than the cap. An amount not yet known (data
missing) counts as nothing until it is known; the run that knows it cuts it.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from techzone.awards.compiler import CompiledPolicy
from techzone.rules.compiler import FEN
from techzone.rules.policy import PERIOD_LABELS

LIMIT_SCHEMA: dict[str, pl.DataType] = {
    "policy_id": pl.String(),
    "_limit_group": pl.String(),
    "_limit_item": pl.Boolean(),
    "_limit_yearly": pl.Boolean(),
    "_limit": pl.Int64(),
    "_limit_label": pl.String(),
}
AMOUNTS = ("amount_min", "amount_max", "planned")
# No cap in force: above any amount in fen.
_NO_CAP = 2**62


def limit_table(compiled: Mapping[str, CompiledPolicy]) -> pl.DataFrame:
    """The cap of every policy that counts across triggers, in fen, from its parameters."""
    rows = []
    for policy_id, policy in compiled.items():
        limit = policy.entry.policy.limit
        if limit is None or limit.per == "event" or limit.value is None:
            continue
        parameter = policy.parameters.get(limit.value)
        if parameter is None or not isinstance(parameter.value, int | float):
            # Not in force on the day: the amount's own cap still applies to each trigger.
            continue
        pack = policy.entry.source.pack.id
        rows.append(
            (
                policy_id,
                limit.key(pack, policy_id),
                limit.per == "item",
                limit.period == "year",
                round(parameter.value * FEN),
                # A per-item cap on a platform trigger counts per platform (孵化器、基地 …).
                ("平台" + PERIOD_LABELS[limit.period])
                if limit.per == "item" and policy.entry.policy.trigger.platform is not None
                else limit.label,
            )
        )
    return pl.DataFrame(rows, schema=LIMIT_SCHEMA, orient="row")


def money(fen: pl.Expr) -> pl.Expr:
    """Fen as officers write it: 20万元 when whole ten-thousands, else 1,234.50元 without commas."""
    whole = pl.format("{}万元", (fen // 1_000_000).cast(pl.String))
    exact = pl.format(
        "{}.{}元", (fen // 100).cast(pl.String), (fen % 100).cast(pl.String).str.zfill(2)
    )
    return (
        pl.when(fen == 0)
        .then(pl.lit("0元"))
        .when(fen % 1_000_000 == 0)
        .then(whole)
        .otherwise(exact)
    )


def _key(limits: pl.DataFrame) -> pl.Expr:
    # The enterprise is always the key's second part: every cap is counted per enterprise, which
    # is what lets enterprises be calculated together (``calculate.entitlements_many`` keeps of
    # each request's ledger only the rows under its own enterprise).
    key = pl.concat_str(pl.col("_limit_group"), pl.lit("|"), pl.col("uscc"))
    key = (
        pl.when(pl.col("_limit_item"))
        .then(
            pl.concat_str(key, pl.lit("|"), pl.coalesce(pl.col("cap_item"), pl.col("trigger_id")))
        )
        .otherwise(key)
    )
    year = pl.col("trigger_date").dt.year().cast(pl.String)
    return (
        pl.when(pl.col("_limit_yearly")).then(pl.concat_str(key, pl.lit("|"), year)).otherwise(key)
    )


def apply_limits(
    frame: pl.LazyFrame,
    limits: pl.DataFrame,
    recorded: pl.DataFrame | None,
    limit_on: pl.Expr | None = None,
) -> pl.LazyFrame:
    """Cut every entitlement of a limited policy to what its cap has left.

    ``recorded`` is what the ledger holds (``calculate.RECORDED_SCHEMA``); entitlements this run
    computes again are left out of it, so recording a run twice cuts nothing twice.
    ``limit_on``, over the joined ``_limit``, gives a trigger the cap in force on its own date
    where a cap changes inside the year (``calculate._dated_limits``).
    """
    frame = frame.join(limits.lazy(), on="policy_id", how="left")
    if limit_on is not None:
        frame = frame.with_columns(_limit=limit_on)
    frame = frame.with_columns(limit_key=pl.when(pl.col("_limit").is_not_null()).then(_key(limits)))
    prior_schema = {"limit_key": pl.String(), **{f"_prior_{n}": pl.Int64() for n in AMOUNTS}}
    waived_schema = {"entitlement_id": pl.String(), "_waived": pl.Boolean()}
    if recorded is None or recorded.is_empty():
        prior = pl.LazyFrame(schema=prior_schema)
        paid = pl.LazyFrame(schema={"entitlement_id": pl.String(), "_paid": pl.Int64()})
        waived = pl.LazyFrame(schema=waived_schema)
    else:
        ids = frame.select("entitlement_id")
        held = recorded.lazy()
        if "waived" in recorded.columns:
            # Given up and never paid (``ledger.recorded``): it holds nothing, here or later.
            given_up = pl.col("waived").fill_null(False) & ~(pl.col("paid").fill_null(0) > 0)
            waived = held.filter(given_up).select("entitlement_id", _waived=pl.lit(True))
            held = held.filter(~given_up)
        else:
            waived = pl.LazyFrame(schema=waived_schema)
        # Entitlements of other runs and years count as the ledger holds them; money already
        # paid on one this run computes again stands first in its cap, whatever is dated before
        # it: a later-found earlier loan cannot push a paid one out and be paid on top of it.
        others = held.join(ids, on="entitlement_id", how="anti").select(
            "limit_key", *(pl.col(name).fill_null(0) for name in AMOUNTS)
        )
        again = held.join(ids, on="entitlement_id", how="semi").filter(pl.col("paid") > 0)
        prior = (
            pl.concat(
                [others, again.select("limit_key", *(pl.col("paid").alias(n) for n in AMOUNTS))]
            )
            .group_by("limit_key")
            .agg(pl.col(name).sum().alias(f"_prior_{name}") for name in AMOUNTS)
        )
        paid = again.select("entitlement_id", pl.col("paid").alias("_paid"))
    frame = frame.join(prior, on="limit_key", how="left")
    frame = frame.join(paid, on="entitlement_id", how="left")
    frame = frame.join(waived, on="entitlement_id", how="left")
    frame = frame.sort("trigger_date", "entitlement_id")
    if limit_on is not None:
        # Money paid stands first in its cap, whatever its date; a trigger dated before a paid
        # one is then counted after it, and must keep within that one's cap too: the total by
        # the paid one's day may not pass the cap of that day (a cap lowered mid-year would
        # otherwise let a later-found earlier loan take the old cap's room on top of it).
        paid_cap = pl.when(pl.col("_paid").fill_null(0) > 0).then(pl.col("_limit"))
        later = paid_cap.fill_null(_NO_CAP).cum_min(reverse=True).over("limit_key")
        frame = frame.with_columns(
            _limit=pl.when(pl.col("_limit").is_not_null()).then(
                pl.min_horizontal(pl.col("_limit"), later)
            )
        )
    limit = pl.col("_limit")
    given = pl.col("_paid").fill_null(0)
    # Given up (放弃), it will never be paid: nothing of it is counted against the cap, and it
    # computes to nothing, so the maxima under one key still never add up to more than the cap.
    gone = pl.col("_waived").fill_null(False) & limit.is_not_null()
    cut: dict[str, pl.Expr] = {}
    for name in AMOUNTS:
        amount = pl.when(gone).then(0).otherwise(pl.col(name).fill_null(0))
        # What is already paid on this entitlement is counted in ``before``; only the rest of
        # its amount competes for what the cap has left.
        rest = (amount - given).clip(lower_bound=0)
        before = pl.col(f"_prior_{name}").fill_null(0)
        running = before + rest.cum_sum().over("limit_key")
        within = pl.min_horizontal(running, limit) - pl.min_horizontal(running - rest, limit)
        within = within + pl.min_horizontal(amount, given)
        cut[name] = (
            pl.when(limit.is_null() | pl.col(name).is_null()).then(pl.col(name)).otherwise(within)
        )
    frame = frame.with_columns(_max=cut["amount_max"], _min=cut["amount_min"], _plan=cut["planned"])
    # Each amount cut on its own total: keep min ≤ planned ≤ max within one entitlement.
    low = pl.min_horizontal("_min", "_max")
    frame = frame.with_columns(
        _min=pl.when(pl.col("_max").is_null()).then(pl.col("_min")).otherwise(low),
        _plan=pl.when(pl.col("_max").is_null())
        .then(pl.col("_plan"))
        .otherwise(pl.col("_plan").clip(low, pl.col("_max"))),
    )
    reduced = (pl.col("_max") < pl.col("amount_max")) | (pl.col("_plan") < pl.col("planned"))
    counted = pl.when(gone).then(0).otherwise(pl.col("amount_max").fill_null(0))
    before = pl.col("_prior_amount_max").fill_null(0) + (
        counted.cum_sum().over("limit_key") - counted
    )
    now = (
        pl.when(pl.col("_min") == pl.col("_max"))
        .then(money(pl.col("_max")))
        .otherwise(pl.format("最高{}", money(pl.col("_max"))))
    )
    note = pl.format(
        "已达{}上限{}（此前已计{}），本次核减为{}",
        pl.col("_limit_label"),
        money(limit),
        money(pl.min_horizontal(before, limit)),
        now,
    )
    return frame.with_columns(
        amount_min=pl.col("_min"),
        amount_max=pl.col("_max"),
        planned=pl.col("_plan"),
        cap_note=pl.when(gone)
        .then(pl.format("企业已放弃该项奖补，不占用{}上限{}", pl.col("_limit_label"), money(limit)))
        .when(reduced)
        .then(note)
        .otherwise(pl.lit(None, dtype=pl.String)),
    ).drop(
        "_min",
        "_max",
        "_plan",
        "_paid",
        "_waived",
        *LIMIT_SCHEMA.keys() - {"policy_id"},
        *(f"_prior_{name}" for name in AMOUNTS),
    )
