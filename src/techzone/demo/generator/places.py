"""The demo's zones and parks as arrays: an enterprise's park index leads to its zone, county
(region code) and province."""

from __future__ import annotations

from typing import Final

import numpy as np

from techzone.demo.zones import DEMO_ZONES, DemoPark, DemoZone

PARKS: Final[tuple[tuple[DemoZone, DemoPark], ...]] = tuple(
    (zone, park) for zone in DEMO_ZONES for park in zone.parks
)
PARK_ZONE: Final = np.array([DEMO_ZONES.index(zone) for zone, _ in PARKS], dtype=np.int64)
REGIONS: Final = tuple(sorted({park.region for _, park in PARKS}))
PARK_REGION: Final = np.array([REGIONS.index(park.region) for _, park in PARKS], dtype=np.intp)
# 2-digit province code on certificates (甘肃 62, 广西 45).
_PROVINCE_CODES: Final = {"甘肃省": 62, "广西壮族自治区": 45}
GANSU: Final = _PROVINCE_CODES["甘肃省"]
ZONE_PROVINCE: Final = np.array(
    [_PROVINCE_CODES[zone.province] for zone in DEMO_ZONES], dtype=np.int64
)
ZONE_IN_GANSU: Final = ZONE_PROVINCE == GANSU
ZONE_INDEX: Final = {zone.code: index for index, zone in enumerate(DEMO_ZONES)}
PROVINCE_SHORT: Final = {"甘肃省": "甘肃", "广西壮族自治区": "广西"}
