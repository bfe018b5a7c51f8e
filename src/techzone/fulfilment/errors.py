"""The one error fulfilment raises for anything a user asked that it refuses."""


class FulfilmentError(ValueError):
    """A request refused, in one Chinese sentence an officer or enterprise can act on; the
    caller's transaction is rolled back, so nothing of it was written."""
