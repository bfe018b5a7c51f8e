"""Zones: what is known about a zone as a whole — summaries now; indicators and evaluation later."""
