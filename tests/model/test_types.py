"""The column types bind fast what they bound before, exactly, and refuse the same values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

import techzone.model  # noqa: F401 — imports every code list
from techzone.model.base import Code, Fixed, Headcount, Hundredths, Money, _hundredths
from techzone.model.codes import CodedEnum, IpKind, TechField

# The dialects the store runs on, as their engines configure them (no connection is made).
DIALECTS: list[Dialect] = [
    create_engine("sqlite://").dialect,
    create_engine("postgresql+psycopg://").dialect,
]


def _code_lists() -> list[type[CodedEnum]]:
    found = [c for c in CodedEnum.__subclasses__() if c.__module__.startswith("techzone.")]
    return sorted(found, key=lambda enum_cls: enum_cls.__name__)


def _general_code(enum_cls: type[CodedEnum], value: Any) -> str:
    """How a coded value was bound before the lookup: parsed from its text."""
    return str(enum_cls.parse(str(value)).value)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda dialect: dialect.name)
@pytest.mark.parametrize("enum_cls", _code_lists(), ids=lambda enum_cls: enum_cls.__name__)
def test_a_member_its_code_and_its_label_bind_as_its_code(
    enum_cls: type[CodedEnum], dialect: Dialect
) -> None:
    column = Code(enum_cls)
    for member in enum_cls:
        for value in (member, member.value, member.label, f" {member.label} ", f"{member.value}\n"):
            bound = column.process_bind_param(value, dialect)
            assert bound == member.value == _general_code(enum_cls, value)
            assert type(bound) is str


def test_a_value_that_is_not_text_binds_by_its_text() -> None:
    assert Code(TechField).process_bind_param(8, DIALECTS[0]) == "8"
    assert Code(TechField).process_bind_param(None, DIALECTS[0]) is None


@pytest.mark.parametrize("value", ["发明", "HNTE", "", ["商标"], 3])
def test_an_unknown_value_is_refused_with_the_same_message(value: Any) -> None:
    with pytest.raises(ValueError) as general:
        _general_code(IpKind, value)
    with pytest.raises(ValueError) as bound:
        Code(IpKind).process_bind_param(value, DIALECTS[0])
    assert str(bound.value) == str(general.value)
    assert "不在允许的取值中：发明专利、国防专利" in str(bound.value)


EXACT = [
    Decimal("0"),
    Decimal("-0.00"),
    Decimal("123.45"),
    Decimal("-7.1"),
    Decimal("1.500"),
    Decimal("1E+3"),
    Decimal("98765432101234567.89"),
    Decimal("12345678901234567890123456.00"),
    "12.30",
    " 5 ",
    7,
    True,
]
INEXACT = [Decimal("1.234"), Decimal("0.001"), Decimal("-5.005"), "1.234", 0.1, Decimal("NaN")]


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda dialect: dialect.name)
@pytest.mark.parametrize("column", [Money(), Headcount()], ids=lambda column: type(column).__name__)
def test_an_exact_value_binds_as_the_general_path_binds_it(column: Fixed, dialect: Dialect) -> None:
    for value in EXACT:
        bound = column.process_bind_param(value, dialect)
        assert bound == _hundredths(value)
        assert type(bound) is int
    assert column.process_bind_param(Decimal("123.45"), dialect) == 12345
    assert column.process_bind_param(Decimal("1E+3"), dialect) == 100000
    assert column.process_bind_param(None, dialect) is None


@pytest.mark.parametrize("value", INEXACT, ids=str)
def test_a_value_beyond_two_places_is_refused_with_the_same_message(value: Any) -> None:
    with pytest.raises(ValueError) as general:
        _hundredths(value)
    with pytest.raises(ValueError) as bound:
        Money().process_bind_param(value, DIALECTS[0])
    assert str(bound.value) == str(general.value)
    assert str(bound.value).endswith(" 超出两位小数的精度")


def test_three_places_are_refused_even_when_the_third_is_small() -> None:
    with pytest.raises(ValueError, match=r"^1\.001 超出两位小数的精度$"):
        Money().process_bind_param(Decimal("1.001"), DIALECTS[0])


def _processor(column: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """The processor SQLAlchemy applies to the column's values on ``dialect``."""
    process = column.dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    return process


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda dialect: dialect.name)
def test_the_bind_processors_bind_as_process_bind_param(dialect: Dialect) -> None:
    for fixed in (Money(), Headcount()):
        process = _processor(fixed, dialect)
        for value in [*EXACT, None]:
            assert process(value) == fixed.process_bind_param(value, dialect)
        for value in INEXACT:
            with pytest.raises(ValueError, match="超出两位小数的精度"):
                process(value)
    for enum_cls in _code_lists():
        code = Code(enum_cls)
        process = _processor(code, dialect)
        for member in enum_cls:
            for value in (member, member.value, member.label, f" {member.label}"):
                assert process(value) == code.process_bind_param(value, dialect) == member.value
        assert process(None) is None
        with pytest.raises(ValueError, match="「无此项」不在允许的取值中"):
            process("无此项")


HUNDREDTHS: list[int | None] = [12345, None, -5, 0, 7, 10**17]


def test_hundredths_read_as_the_amounts_they_hold() -> None:
    column = Hundredths(list(HUNDREDTHS))
    amounts = [None if h is None else Decimal(h) / 100 for h in HUNDREDTHS]
    assert list(column) == amounts
    # Two places always, as the generator's amounts have (Decimal("0.07"), not "0.070").
    assert [repr(amount) for amount in column][:5] == [
        "Decimal('123.45')",
        "None",
        "Decimal('-0.05')",
        "Decimal('0.00')",
        "Decimal('0.07')",
    ]
    assert len(column) == len(HUNDREDTHS)
    assert column[0] == Decimal("123.45")
    assert column[1] is None
    assert column[-1] == Decimal("1000000000000000.00")
    assert column[1:3] == [None, Decimal("-0.05")]


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda dialect: dialect.name)
def test_a_fixed_column_binds_hundredths_as_it_binds_their_amounts(dialect: Dialect) -> None:
    column = Hundredths(list(HUNDREDTHS))
    for fixed in (Money(), Headcount()):
        typed = fixed.dialect_impl(dialect)
        assert isinstance(typed, Fixed)
        process = _processor(fixed, dialect)
        as_amounts = typed.bind_column(list(column), dialect)
        assert as_amounts == [process(amount) for amount in column]
        assert typed.bind_column(column, dialect) == as_amounts == HUNDREDTHS
