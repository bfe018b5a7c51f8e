"""Reading new policy documents: every reward clause, drafted into a policy pack for review.

``extract_file`` reads a .txt, .docx or text-layer .pdf and returns an ``Extraction``: the
document and its ``Clause``s (amount as written, span, kind, values, grade, condition,
beneficiary, article, confidence). ``write_draft_pack`` and ``write_review`` turn it into a
draft pack (every policy ``review: pending``) and the officer's review table. ``docs/extraction.md``
says how well it does on hand-labelled documents and where it falls short.
"""

from techzone.extract.draft import draft_pack, write_draft_pack
from techzone.extract.extraction import Clause, Extraction, extract_file, extract_text
from techzone.extract.read import UnreadableDocument
from techzone.extract.review import write_review

__all__ = [
    "Clause",
    "Extraction",
    "UnreadableDocument",
    "draft_pack",
    "extract_file",
    "extract_text",
    "write_draft_pack",
    "write_review",
]
