"""A case's states and the only moves between them (``docs/fulfilment.md``).

Every change of state goes through ``cases.move``, which refuses a move not listed here, so no
command or page can take a case from 公示 straight to 已支付 or pay a rejected one.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    PENDING = "pending"  # 待企业确认（免申即享）或待申报
    DECLINED = "declined"  # 企业放弃
    IN_REVIEW = "in_review"  # 审核中（按审核链逐级）
    RETURNED = "returned"  # 退回补充材料
    REJECTED = "rejected"  # 不予支持
    APPROVED = "approved"  # 审核通过，待公示
    PUBLICISED = "publicised"  # 公示中
    ON_HOLD = "on_hold"  # 暂缓（公示异议、重新测算待核）
    TO_PAY = "to_pay"  # 公示期满，待支付
    IN_BATCH = "in_batch"  # 已列入支付批次
    PAID = "paid"  # 已支付
    RECOVERING = "recovering"  # 追回中
    RECOVERED = "recovered"  # 已追回
    WITHDRAWN = "withdrawn"  # 应享已撤销（支付前）

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    State.PENDING: "待确认/待申报",
    State.DECLINED: "企业放弃",
    State.IN_REVIEW: "审核中",
    State.RETURNED: "退回补充",
    State.REJECTED: "不予支持",
    State.APPROVED: "审核通过待公示",
    State.PUBLICISED: "公示中",
    State.ON_HOLD: "暂缓",
    State.TO_PAY: "待支付",
    State.IN_BATCH: "支付中",
    State.PAID: "已支付",
    State.RECOVERING: "追回中",
    State.RECOVERED: "已追回",
    State.WITHDRAWN: "已撤销",
}

TRACK_LABELS = {"auto": "免申即享", "apply": "申报"}

MOVES: dict[State, frozenset[State]] = {
    State.PENDING: frozenset({State.IN_REVIEW, State.DECLINED, State.WITHDRAWN}),
    State.RETURNED: frozenset({State.IN_REVIEW, State.DECLINED, State.WITHDRAWN}),
    # 企业放弃 in review too: consent given may be withdrawn until the money is decided.
    State.IN_REVIEW: frozenset(
        {
            State.IN_REVIEW,
            State.RETURNED,
            State.REJECTED,
            State.APPROVED,
            State.WITHDRAWN,
            State.DECLINED,
        }
    ),
    # 企业放弃 after approval too, until the case goes to the finance office: money is not paid
    # to an enterprise that refuses it. A case in a batch is taken out of it first (the finance
    # office may be paying it); once paid, money given back is a recovery, not a 放弃.
    State.APPROVED: frozenset({State.PUBLICISED, State.ON_HOLD, State.DECLINED}),
    State.PUBLICISED: frozenset({State.ON_HOLD, State.TO_PAY, State.DECLINED}),
    # A hold ends back where the case was (公示中 or, the period over, 待支付) or in 不予支持.
    State.ON_HOLD: frozenset(
        {State.PUBLICISED, State.TO_PAY, State.APPROVED, State.REJECTED, State.DECLINED}
    ),
    State.TO_PAY: frozenset({State.IN_BATCH, State.ON_HOLD, State.DECLINED}),
    # Out of a batch the finance office has not paid: held until the amount is reviewed again.
    State.IN_BATCH: frozenset({State.PAID, State.TO_PAY, State.ON_HOLD}),
    State.PAID: frozenset({State.RECOVERING}),
    State.RECOVERING: frozenset({State.RECOVERED}),
    State.DECLINED: frozenset(),
    State.REJECTED: frozenset(),
    # Lowered again (or withdrawn) below what it kept after the excess came back: more is owed.
    State.RECOVERED: frozenset({State.RECOVERING}),
    State.WITHDRAWN: frozenset(),
}

# Before approval a recomputed amount may still change the case; from approval on it may not.
OPEN = frozenset({State.PENDING, State.RETURNED, State.IN_REVIEW})
# Money approved and not released: counted against caps and fund pools.
COMMITTED = frozenset(
    {State.APPROVED, State.PUBLICISED, State.ON_HOLD, State.TO_PAY, State.IN_BATCH, State.PAID}
)
# 已追回 ends the case unless the award is lowered again below what was kept (``recovery.grow``).
FINAL = frozenset({State.DECLINED, State.REJECTED, State.RECOVERED, State.WITHDRAWN})


def legal(start: State, end: State) -> bool:
    return end in MOVES[start]
