"""The core's refusals of bad input, in one list both faces share.

Each is raised with one Chinese sentence for the person who typed or sent the input. The command
line prints it as one line (exit 1); the web application answers 422 with it. Anything not listed
is a defect: logged, and answered as an internal error. Imported lazily (only while an error is
being handled), so that neither face pays for the import at start-up.
"""

from __future__ import annotations


def refusals() -> tuple[type[Exception], ...]:
    from techzone.accounts.service import AccountError
    from techzone.awards.ledger import LedgerError
    from techzone.awards.reform import ReformRejected
    from techzone.bounds import OutOfBounds
    from techzone.cultivation.applications import ApplicationRejected
    from techzone.cultivation.calendar import CalendarError
    from techzone.cultivation.compare import CompareError
    from techzone.cultivation.weekly import WeekError
    from techzone.extract import UnreadableDocument
    from techzone.extract.accept import AcceptRejected
    from techzone.fulfilment.errors import FulfilmentError
    from techzone.io.problems import ImportRejected
    from techzone.rules.profile import ProfileError
    from techzone.rules.records import UnknownEnterprise, UnknownZone
    from techzone.store.database import TextNotText, TextTooLong
    from techzone.zones.statistics import StatisticRejected
    from techzone.zones.targets import TargetError

    return (
        OutOfBounds,
        UnknownZone,
        UnknownEnterprise,
        ProfileError,
        ReformRejected,
        UnreadableDocument,
        ImportRejected,
        CalendarError,
        WeekError,
        ApplicationRejected,
        CompareError,
        TargetError,
        StatisticRejected,
        LedgerError,
        FulfilmentError,
        AccountError,
        AcceptRejected,
        TextTooLong,
        TextNotText,
    )
