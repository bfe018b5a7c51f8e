"""Progress against targets for the weekly report: each target's value on the report's day.

The value is read through ``zones/target_values.py`` — the same function ``zones targets`` uses —
so the report and the zone's target table never disagree: computed from the records where they
allow, the officer's entry where they do not, each with its basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from techzone.zones.target_values import TargetValue, target_values
from techzone.zones.targets import Target


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    actual: float | None
    # Where the value comes from (records on the day, or who entered it and when).
    value: TargetValue | None = None

    @property
    def basis(self) -> str:
        return "" if self.value is None else self.value.basis

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.target.met(self.actual)

    @property
    def remaining(self) -> float | None:
        """How much is still to go (0 when met): below a lower bound, the shortfall (one more for
        a strict ">" on whole numbers, "突破255家" needs 256); above an upper bound, the excess."""
        if self.actual is None:
            return None
        if self.met:
            return 0.0
        target, actual = self.target.value, self.actual
        if self.target.comparison in ("<", "<="):
            return actual - target
        whole = float(target).is_integer() and float(actual).is_integer()
        strict = self.target.comparison == ">" and whole
        # Rounded as the values are shown: 85 − 79.2 is 5.8, not 5.799999999999997.
        return round(abs(target - actual) + (1 if strict else 0), 6)

    @property
    def share(self) -> float | None:
        """Actual as a percentage of the target value (completion rate)."""
        if self.actual is None or self.target.value == 0:
            return None
        return self.target.covered(self.actual)


def progress(session: Session, targets: list[Target], day: date) -> list[TargetProgress]:
    """Each target with its value for its zone on ``day``."""
    return [TargetProgress(v.target, v.value, v) for v in target_values(session, targets, day)]
