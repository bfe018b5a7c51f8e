"""One enterprise on a warm engine: what the self-assessment pays per request.

    .venv/bin/python -m benchmarks.single --runs 1000

Times ``assess_profile`` on a realistic profile (docs/profile.md's example) after one warm-up
call has compiled the packs for the date; prints p50 and p99 (``--json`` for the harness).
"""

from __future__ import annotations

import argparse
import json
import statistics
from datetime import date

from benchmarks.common import timed
from techzone.rules.assess import assess_profile
from techzone.rules.loader import load_packs
from techzone.rules.profile import parse_profile

AS_OF = date(2026, 6, 30)

PROFILE = {
    "registered_on": "2019-05-10",
    "resident": True,
    "tech_field": "新材料",
    "figures": {
        "2023": {
            "employees": 120,
            "tech_staff": 20,
            "main_business_income": 30000000,
            "other_business_income": 0,
            "rd_expense": 1500000,
            "domestic_rd_expense": 1500000,
            "total_assets": 50000000,
            "liabilities": 20000000,
        },
        "2024": {
            "employees": 130,
            "tech_staff": 22,
            "main_business_income": 40000000,
            "other_business_income": 0,
            "rd_expense": 2000000,
            "domestic_rd_expense": 2000000,
            "total_assets": 60000000,
            "liabilities": 24000000,
        },
        "2025": {
            "employees": 140,
            "tech_staff": 25,
            "main_business_income": 50000000,
            "other_business_income": 0,
            "rd_expense": 2500000,
            "domestic_rd_expense": 2400000,
            "gross_income": 52000000,
            "non_taxable_income": 0,
            "high_tech_income": 40000000,
            "total_assets": 70000000,
            "liabilities": 25000000,
        },
    },
    "ip": [
        {
            "kind": "发明专利",
            "number": "ZL1",
            "granted_on": "2022-03-01",
            "acquisition": "自主研发",
            "status": "有效",
            "used_for_hnte": False,
        }
    ],
    "incidents": [],
}


def measure(runs: int) -> dict[str, float]:
    """p50 and p99 in milliseconds over ``runs`` warm assessments."""
    packs = load_packs()
    profile = parse_profile(PROFILE)
    assess_profile(packs, profile, AS_OF)  # warm: packs compiled for the date
    samples = sorted(timed(lambda: assess_profile(packs, profile, AS_OF))[1] for _ in range(runs))
    return {
        "runs": runs,
        "p50_ms": statistics.median(samples) * 1000,
        "p99_ms": samples[max(0, int(len(samples) * 0.99) - 1)] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1_000)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    result = measure(arguments.runs)
    if arguments.json:
        print(json.dumps(result))
    else:
        print(f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms over {arguments.runs}")


if __name__ == "__main__":
    main()
