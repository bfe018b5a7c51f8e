"""What a policy's scope requires and no record holds is said with each award, never silent.

白银 政策清单 第一条: "本政策适用于在白银高新区内(含银南工业园、银东工业园、有色金属新材料
产业园)注册和纳税的独立核算法人企业、民办非企业法人组织". The register holds where an enterprise
is, not where it pays tax nor whether it keeps its own accounts: the award is computed as if it
did, and its explanation says so for the officer to check (a branch, or a firm paying tax
elsewhere, gets none).
"""

from __future__ import annotations

import pytest

from techzone.awards.calculate import entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.awards.explain import explain
from techzone.rules.profile import parse_profile, profile_records


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_a_baiyin_award_says_it_assumes_tax_paid_in_the_zone_and_own_accounts(
    catalogue: Catalogue,
) -> None:
    profile = parse_profile(
        {
            "uscc": "91620400000000001U",
            "registered_on": "2015-01-01",
            "zone_code": "GS-BY",
            "province": "甘肃省",
            "city": "白银市",
            "park": "银东工业园",
            "qualifications": [
                {
                    "kind": "高新技术企业",
                    "level": "国家级",
                    "certificate_no": "GR202562000001",
                    "issued_on": "2025-11-20",
                    "expires_on": "2028-11-19",
                    "status": "有效",
                }
            ],
        }
    )
    found = entitlements(catalogue, profile_records(profile, {}), 2025)
    explained = {
        row["policy_id"]: explain(catalogue, row, 2025) for row in found.iter_rows(named=True)
    }
    zone = explained["baiyin_policy_list.first_hnte"]
    # Not made 待定 for it: the assumption is said, the award stands as computed.
    assert zone["status"] == "eligible"
    assumed = zone["assumed"]
    assert assumed is not None
    for words in ("注册和纳税", "独立核算", "第一条", "经办人核对"):
        assert words in assumed
    # The province's 20万元 (seed 001 措施10) asks nothing of the kind.
    assert explained["gansu_zone_measures.new_hnte"]["assumed"] is None
