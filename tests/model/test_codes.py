"""Code lists parse from a code or a label by lookup, exactly as the member-by-member scan did."""

from __future__ import annotations

import pytest

import techzone.model  # noqa: F401 — imports every code list, so all are checked below
from techzone.model.codes import CodedEnum, IpKind, QualificationKind, TechField, _labelled


def _code_lists() -> list[type[CodedEnum]]:
    # Only the project's own lists (not one a test defines in passing).
    found = [c for c in CodedEnum.__subclasses__() if c.__module__.startswith("techzone.")]
    return sorted(found, key=lambda enum_cls: enum_cls.__name__)


def _scanned(enum_cls: type[CodedEnum], text: str) -> CodedEnum | None:
    """What parsing was before the lookup: the first member whose code or label matches."""
    cleaned = text.strip()
    return next((m for m in enum_cls if cleaned in (m.value, m.label)), None)


def test_every_code_list_is_found() -> None:
    assert len(_code_lists()) >= 15
    assert QualificationKind in _code_lists()


@pytest.mark.parametrize("enum_cls", _code_lists(), ids=lambda enum_cls: enum_cls.__name__)
def test_code_and_label_both_parse_to_the_member(enum_cls: type[CodedEnum]) -> None:
    for member in enum_cls:
        assert enum_cls.parse(member.value) is member
        assert enum_cls.parse(member.label) is member
        assert enum_cls.parse(f"  {member.label}\t") is member
        assert enum_cls.parse(f" {member.value} ") is member


@pytest.mark.parametrize("enum_cls", _code_lists(), ids=lambda enum_cls: enum_cls.__name__)
def test_lookup_agrees_with_the_scan(enum_cls: type[CodedEnum]) -> None:
    texts = [text for member in enum_cls for text in (member.value, member.label)]
    for text in [*texts, *(f" {text} " for text in texts)]:
        assert enum_cls.parse(text) is _scanned(enum_cls, text)


@pytest.mark.parametrize("enum_cls", _code_lists(), ids=lambda enum_cls: enum_cls.__name__)
def test_codes_map_every_code_and_label_to_the_parsed_code(enum_cls: type[CodedEnum]) -> None:
    codes = enum_cls.codes()
    assert len(codes) >= len(enum_cls)
    for text, code in codes.items():
        assert code == enum_cls.parse(text).value
        assert type(code) is str


def test_an_unknown_value_is_refused_with_every_label() -> None:
    with pytest.raises(ValueError) as refused:
        TechField.parse(" 人工智能 ")
    assert str(refused.value) == (
        "「人工智能」不在允许的取值中：电子信息、生物与新医药、航空航天、新材料、高技术服务、"
        "新能源与节能、资源与环境、先进制造与自动化、不属于八大领域"
    )


def test_a_label_is_not_taken_for_another_text() -> None:
    with pytest.raises(ValueError, match="「发明」不在允许的取值中"):
        IpKind.parse("发明")
    with pytest.raises(ValueError, match="「HNTE」不在允许的取值中"):
        QualificationKind.parse("HNTE")


def test_where_a_label_is_another_code_the_earlier_member_wins_as_before() -> None:
    class _Clash(CodedEnum):
        FIRST = "a"
        SECOND = "b"

    _labelled(_Clash, {"a": "b", "b": "乙"})
    assert _scanned(_Clash, "b") is _Clash.FIRST
    assert _Clash.parse("b") is _Clash.FIRST
    assert _Clash.codes()["b"] == "a"
    assert _Clash.parse("乙") is _Clash.SECOND
