"""Storage: the database behind the records, its migrations and its single write path."""

from techzone.store.database import Store, open_store

__all__ = ["Store", "open_store"]
