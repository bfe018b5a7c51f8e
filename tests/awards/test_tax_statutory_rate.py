"""The 25% statutory rate behind the tax-saving estimates is not in the reference
(qualification-criteria.md §7 gives only the HNTE 15%): every estimate that uses it must say so
where the officer reads the rate, beside the entitlement, not only in the pack's notes."""

from __future__ import annotations

from techzone.awards.catalogue import load_catalogue


def test_statutory_rate_says_it_is_not_from_the_reference() -> None:
    catalogue = load_catalogue()
    using = {
        entry.id: entry.parameters()["statutory_cit_rate"]
        for entry in catalogue.policies.values()
        if "statutory_cit_rate" in entry.parameters()
    }
    assert {"tax_rd_deduction.general", "tax_hnte_cit.hnte_reduced_rate"} <= set(using)
    for policy_id, parameter in using.items():
        assert "参考资料未载" in parameter.clause, policy_id
        assert "小型微利" in parameter.clause, policy_id
