"""The demo world: each part drawn in turn from one seeded generator, then every sheet's rows."""

from __future__ import annotations

import numpy as np

from techzone.demo.generator.declarations import declaration_rows, draw_declarations
from techzone.demo.generator.enterprises import draw_enterprises, enterprise_rows
from techzone.demo.generator.event_rows import event_rows
from techzone.demo.generator.events import draw_events
from techzone.demo.generator.figures import draw_figures, figure_rows
from techzone.demo.generator.incidents import draw_incidents, incident_rows
from techzone.demo.generator.intellectual_property import draw_property, property_rows
from techzone.demo.generator.platforms import draw_platforms, platform_rows
from techzone.demo.generator.qualifications import draw_qualifications, qualification_rows
from techzone.demo.generator.rows import DemoData
from techzone.demo.zones import park_rows, zone_rows
from techzone.io.sheets import (
    AwardEventRow,
    DeclarationRow,
    EnterpriseRow,
    IncidentRow,
    IntellectualPropertyRow,
    ParkRow,
    PlatformRow,
    QualificationRow,
    YearlyFiguresRow,
    ZoneEventRow,
    ZoneRow,
)


def generate(enterprises: int = 2000, seed: int = 0) -> DemoData:
    """The demo world: the seed documents' zones and parks and ``enterprises`` synthetic
    enterprises in them, with their figures, IP, qualifications, platforms, events, incidents
    and declarations.

    Deterministic: the same arguments give equal rows. Rows are built on demand (see
    ``SheetRows``), so even a million enterprises take little memory until written.
    """
    if enterprises < 0:
        raise ValueError(f"enterprises must be ≥ 0, not {enterprises}")
    rng = np.random.default_rng(seed)
    # The order of the draws is part of the seed. Incidents come last: they revoke some of the
    # HNTE certificates drawn before them.
    firms = draw_enterprises(rng, enterprises)
    figures = draw_figures(rng, firms)
    qualifications, history = draw_qualifications(rng, firms)
    items = draw_property(rng, firms, history)
    platforms = draw_platforms(rng, firms)
    events = draw_events(rng, firms, qualifications, history)
    incidents = draw_incidents(rng, firms, qualifications, history)
    declarations = draw_declarations(rng, firms)
    return DemoData(
        {
            ZoneRow: zone_rows(),
            ParkRow: park_rows(),
            EnterpriseRow: enterprise_rows(firms),
            YearlyFiguresRow: figure_rows(figures, firms.uscc),
            IntellectualPropertyRow: property_rows(items, firms),
            QualificationRow: qualification_rows(qualifications, firms.uscc),
            PlatformRow: platform_rows(platforms, firms),
            AwardEventRow: event_rows(events, firms),
            IncidentRow: incident_rows(incidents, firms.uscc),
            # The seeds date no zone's approval or evaluation: officers enter them.
            ZoneEventRow: [],
            DeclarationRow: declaration_rows(declarations, firms),
        }
    )
