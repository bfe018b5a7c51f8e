"""A deterministic synthetic world of enterprises in the demo zones, set in 2026.

``generate(enterprises, seed)`` draws everything with one ``numpy.random.default_rng(seed)``, in
whole-array (vectorised) steps, so the same arguments always give the same rows, on any machine,
on any day. Nothing reads today's date; nothing iterates a set or depends on dict order.

The generator keeps its draws as numpy columns and builds the sheet rows on demand, chunk by
chunk (``SheetRows``): a million enterprises fit in memory as arrays, and rows stream into the
writer without ever all existing at once; the writer takes them as columns of values, never
building the rows at all.

Distributions (why each is chosen is said where it is drawn):

* a latent "innovativeness" z ~ N(0, 1) per enterprise drives R&D intensity, technical staff,
  high-tech income, IP counts and the chance of every qualification, so the data hang together:
  most high-tech enterprises meet the HNTE thresholds and some do not, as in life;
* sizes are log-normal (employees × revenue per employee), growth is normal around a mean that
  is higher for young and innovative enterprises;
* every money amount is an exact number of fen, derived in integers so that identities hold to
  the fen (销售收入 = 主营 + 其他, 总收入 = 收入总额 − 不征税收入, 净资产 = 资产 − 负债).

The parts, in the order they are drawn: ``enterprises``, ``figures``, ``qualifications`` (HNTE
chains, tech-SME registrations, the other tiers), ``intellectual_property``, ``platforms``,
``events`` (their rows in ``event_rows``) and ``incidents``; ``world.generate`` draws them in turn
and ``rows`` turns the columns into sheet rows.
"""

from techzone.demo.generator.dates import DEMO_AS_OF, DEMO_YEAR
from techzone.demo.generator.rows import DemoData, SheetRows, row_maker
from techzone.demo.generator.world import generate

__all__ = ["DEMO_AS_OF", "DEMO_YEAR", "DemoData", "SheetRows", "generate", "row_maker"]
