"""The embedded demo: zones and parks from the seed documents, synthetic enterprises in them."""
