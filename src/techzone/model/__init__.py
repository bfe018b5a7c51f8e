"""The nouns of techzone: zones, parks, enterprises and what is recorded about them."""

from techzone.model.account import Account, AddressAttempt, LoginFailure, WebSession
from techzone.model.application import (
    Application,
    ApplicationChange,
    ApplicationStatus,
    CalendarOverride,
)
from techzone.model.audit import AuditEntry
from techzone.model.base import Base, Money
from techzone.model.declaration import Declaration
from techzone.model.enterprise import Enterprise, YearlyFigures
from techzone.model.entitlement import Entitlement, EntitlementPayment, EntitlementVersion
from techzone.model.event import AwardEvent, Incident
from techzone.model.fulfilment import (
    CaseHistory,
    CaseMaterial,
    Contact,
    FulfilmentCase,
    FundPool,
    HolidayArrangement,
    InboxMessage,
    Notice,
    Objection,
    PaymentBatch,
)
from techzone.model.holding import IntellectualProperty, Platform, Qualification
from techzone.model.statistic import ZoneStatistic
from techzone.model.zone import Park, Zone, ZoneEvent

__all__ = [
    "Account",
    "AddressAttempt",
    "Application",
    "ApplicationChange",
    "ApplicationStatus",
    "AuditEntry",
    "AwardEvent",
    "Base",
    "CalendarOverride",
    "CaseHistory",
    "CaseMaterial",
    "Contact",
    "Declaration",
    "Enterprise",
    "Entitlement",
    "EntitlementPayment",
    "EntitlementVersion",
    "FulfilmentCase",
    "FundPool",
    "HolidayArrangement",
    "InboxMessage",
    "Incident",
    "IntellectualProperty",
    "LoginFailure",
    "Money",
    "Notice",
    "Objection",
    "Park",
    "PaymentBatch",
    "Platform",
    "Qualification",
    "WebSession",
    "YearlyFigures",
    "Zone",
    "ZoneEvent",
    "ZoneStatistic",
]
