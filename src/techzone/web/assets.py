"""The browser assets served from the package: our own, and the vendored ones from npm."""

from __future__ import annotations

import logging
from pathlib import Path

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
VENDORED = ("htmx.min.js", "echarts.min.js", "axe.min.js")

log = logging.getLogger("techzone.web")


def vendored() -> frozenset[str]:
    """The vendored files present; a missing one is logged, and pages work without it (htmx's
    partial updates degrade to whole-page forms and links)."""
    present = frozenset(name for name in VENDORED if (VENDOR / name).is_file())
    missing = [name for name in VENDORED if name not in present]
    if missing:
        log.warning(
            "网页资源缺失（%s）：请运行 make install（用 npm 取得 htmx、ECharts、axe-core）",
            "、".join(missing),
        )
    return present
