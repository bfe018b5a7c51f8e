"""Pydantic's validation errors, said in Chinese for the person who typed the value."""

from __future__ import annotations

from pydantic_core import ErrorDetails

from techzone.io.fields import ColumnError

_PYDANTIC_PREFIX = "Value error, "


# The pattern of a pack's, a policy's or a parameter's id (rules.pack, rules.policy).
IDENTIFIER = r"^[a-z][a-z0-9_]*$"


def reason(detail: ErrorDetails) -> tuple[str | None, str]:
    """The column (header or field) a validation error belongs to, and why, in Chinese."""
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    cause = ctx.get("error")
    location = detail["loc"]
    column: str | None = str(location[-1]) if location else None
    if isinstance(cause, ColumnError):
        column = cause.column
    if kind == "missing":
        text = "必填项为空"
    elif kind == "greater_than_equal":
        text = "不能为负数" if ctx.get("ge") == 0 else f"不能小于{ctx.get('ge')}"
    elif kind == "less_than_equal":
        text = f"不能大于{ctx.get('le')}"
    elif kind == "string_too_long":
        text = f"不能超过{ctx.get('max_length')}个字"
    elif kind == "string_too_short":
        minimum = ctx.get("min_length")
        text = "不能为空" if minimum == 1 else f"不能少于{minimum}个字"
    elif kind == "extra_forbidden":
        text = "未知字段"
    elif kind == "value_error":
        message = str(cause) if cause is not None else detail["msg"]
        text = message.removeprefix(_PYDANTIC_PREFIX)
    elif kind in ("string_type", "str_type"):
        text = "应为文本"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        text = "应为对象（JSON 花括号）"
    elif kind == "list_type":
        text = "应为列表（JSON 方括号）"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        text = "应为整数"
    elif kind in ("bool_parsing", "bool_type"):
        text = "应为 true/false"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == IDENTIFIER:
        text = "只能由小写英文字母、数字和下划线组成，以字母开头"
    elif kind == "string_pattern_mismatch":
        text = "格式不正确"
    else:
        text = f"取值不符合要求（{kind}）"
    return column, text
