"""The declarative base and the column types every record shares."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, overload

from sqlalchemy import BigInteger, Dialect, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from techzone.model.codes import CodedEnum

FEN_PER_YUAN = 100
CENT = Decimal("0.01")

# Stable constraint names so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def to_yuan(value: Decimal | int | str) -> Decimal:
    """A money amount in yuan, exact to the fen."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


BindProcessor = Callable[[Any], Any]


class Fixed(TypeDecorator[Decimal]):
    """An exact decimal with two places, stored as an integer count of hundredths.

    SQLite has no exact decimal type (NUMERIC may come back as a float), so exact values are
    stored as 64-bit integers on every backend: money in fen, headcount averages in hundredths.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return _bound_hundredths(value)

    def bind_processor(self, dialect: Dialect) -> BindProcessor | None:
        # Every figure of every record written is bound: hand SQLAlchemy the conversion itself
        # rather than its closure around process_bind_param, one call less per value. Should
        # the integer type ever need processing of its own, SQLAlchemy's composition stays.
        if self.impl_instance.bind_processor(dialect) is not None:
            return super().bind_processor(dialect)
        return _bound_hundredths

    def bind_column(self, values: Sequence[Any], dialect: Dialect) -> Sequence[Any]:
        """A whole column of values as bound: ``Hundredths`` are bound already."""
        if isinstance(values, Hundredths) and self.impl_instance.bind_processor(dialect) is None:
            return values.hundredths
        process = self.bind_processor(dialect)
        return values if process is None else list(map(process, values))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / FEN_PER_YUAN).quantize(CENT)


class Hundredths(Sequence[Decimal | None]):
    """Exact two-place amounts held as integer hundredths, the form ``Fixed`` stores them in.

    Read, they are Decimals like any amounts; written to a ``Fixed`` column, the integers go to
    the database as they are. The demo draws its money in fen: 6 million figures for 100,000
    enterprises, each otherwise made a Decimal only to be taken apart again when bound.
    """

    def __init__(self, hundredths: list[int | None]) -> None:
        self.hundredths = hundredths

    def __len__(self) -> int:
        return len(self.hundredths)

    @overload
    def __getitem__(self, index: int) -> Decimal | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[Decimal | None]: ...

    def __getitem__(self, index: int | slice) -> Decimal | list[Decimal | None] | None:
        if isinstance(index, slice):
            return [_amount(value) for value in self.hundredths[index]]
        return _amount(self.hundredths[index])

    def __iter__(self) -> Iterator[Decimal | None]:
        return map(_amount, self.hundredths)


def _amount(hundredths: int | None) -> Decimal | None:
    return None if hundredths is None else Decimal(hundredths) * CENT


def _bound_hundredths(value: Any) -> int | None:
    if value is None:
        return None
    # Nearly always a Decimal already exact to two places: half the time of the general path.
    # Anything else, or anything that fails, goes the general way, with its message.
    if type(value) is Decimal:
        cents = value.quantize(CENT)
        if cents == value:
            return int(cents.scaleb(2))
    return _hundredths(value)


def _hundredths(value: Any) -> int:
    """Any value ``Decimal`` takes, as an integer count of hundredths, if it has two places."""
    exact = Decimal(value)
    if to_yuan(exact) != exact:
        raise ValueError(f"{value} 超出两位小数的精度")
    return int(exact * FEN_PER_YUAN)


class Money(Fixed):
    """Yuan, exact to the fen."""

    cache_ok = True


class Headcount(Fixed):
    """A yearly average of monthly headcounts (195号 三(五)), exact to two places."""

    cache_ok = True


class Code(TypeDecorator[CodedEnum]):
    """A member of a code list, stored as its stable code."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[CodedEnum]) -> None:
        super().__init__()
        self.enum_cls = enum_cls
        self._codes = enum_cls.codes()

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return _bound_code(self._codes, self.enum_cls, value)

    def bind_processor(self, dialect: Dialect) -> BindProcessor | None:
        # As for Fixed: the conversion itself, one call less per coded value written.
        if self.impl_instance.bind_processor(dialect) is not None:
            return super().bind_processor(dialect)
        return partial(_bound_code, self._codes, self.enum_cls)

    def process_result_value(self, value: Any, dialect: Dialect) -> CodedEnum | None:
        if value is None:
            return None
        return self.enum_cls(value)


def _bound_code(codes: dict[str, str], enum_cls: type[CodedEnum], value: Any) -> str | None:
    if value is None:
        return None
    # One lookup for a member, a code or a label (a member hashes as its code); ``parse`` for
    # the rest (blanks around the text, a number) and for its message.
    if isinstance(value, str):
        code = codes.get(value)
        if code is not None:
            return code
    return str(enum_cls.parse(str(value)).value)
