"""Policy fulfilment (政策兑现, issue #15): from an entitlement in the ledger to money paid.

``cases`` (match, history, scoped reads) → ``review`` (confirm/apply, review chain, caps and
pools re-checked at approval) → ``publicity`` (公示 in working days, objections, the notice) →
``payments`` (batches out, the finance office's sheet back into the ledger) → ``recovery``;
``funds`` (pools), ``notify`` (inbox and e-mail), ``measures`` (兑现率, 兑现时长). Every state
change is a case history row and an audit row in the same transaction (``docs/fulfilment.md``).
"""
