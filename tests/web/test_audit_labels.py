"""Every audit action code any module writes has its Chinese label on the 审计 page.

The codes are read from the source (every ``audit.record`` call, and fulfilment's ``note``/``move``
whose history rows are audited as ``case.<action>``), so a new code without a label fails here
rather than showing as a bare code to an administrator.
"""

from __future__ import annotations

import ast
from pathlib import Path

import techzone
from techzone.web.audit_page import ACTIONS

SOURCE = Path(techzone.__file__).parent
# Fulfilment's history helpers: the action argument's position; the audit code is case.<action>.
CASE_STEPS = {"note": 3, "move": 4}


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _assigned(function: ast.AST, name: str) -> list[str]:
    found: list[str] = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found += _strings(node.value)
    return found


def _module_constant(tree: ast.Module, name: str) -> list[str]:
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found += _strings(node.value)
    return found


def _parameters(function: ast.AST) -> set[str]:
    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        every = function.args.args + function.args.kwonlyargs + function.args.posonlyargs
        return {a.arg for a in every}
    return set()


def _codes() -> tuple[set[str], list[str]]:
    codes: set[str] = set()
    unknown: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                func = call.func
                prefix = ""
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "record"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "audit"
                ):
                    position = 2
                elif (
                    isinstance(func, ast.Name)
                    and func.id in CASE_STEPS
                    and path.parent.name == "fulfilment"
                ):
                    position, prefix = CASE_STEPS[func.id], "case."
                else:
                    continue
                arg = call.args[position] if len(call.args) > position else None
                where = f"{path.relative_to(SOURCE)}:{call.lineno}"
                if arg is None:
                    unknown.append(where)
                elif isinstance(arg, ast.JoinedStr) and path.name == "cases.py":
                    continue  # note's own f"case.{action}": its callers are read above
                elif isinstance(arg, ast.Name) and arg.id in _parameters(function):
                    continue  # handed on from the caller, whose literal is read there
                elif isinstance(arg, ast.Name):
                    # A name set in the function, else a module constant (DOUBLED = "…").
                    found = _assigned(function, arg.id) or _module_constant(tree, arg.id)
                    codes |= {prefix + code for code in found}
                    if not found:
                        unknown.append(where)
                else:
                    found = _strings(arg)
                    codes |= {prefix + code for code in found}
                    if not found:
                        unknown.append(where)
    return codes, unknown


def test_every_action_code_written_has_a_chinese_label() -> None:
    codes, unknown = _codes()
    assert not unknown, f"audit codes not readable from the source: {unknown}"
    # The reading itself finds what is known to be written.
    assert {"account.disable", "account.enable", "case.approved", "pool.set"} <= codes
    assert sorted(codes - ACTIONS.keys()) == []


def _audited_keys() -> set[str]:
    """The keys of every dict literal given as ``before``/``after`` to ``audit.record``, and of
    the snapshots whose results are (a case's, an account's, a calendar date's)."""
    keys: set[str] = set()
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            literals: list[ast.AST] = []
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "record":
                    literals = [k.value for k in node.keywords if k.arg in ("before", "after")]
            elif isinstance(node, ast.FunctionDef) and node.name in (
                "snapshot",
                "_snapshot",
                "_audited",
            ):
                literals = [
                    n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value
                ]
            for literal in literals:
                if isinstance(literal, ast.Dict):
                    keys |= {
                        k.value
                        for k in literal.keys
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    }
    return keys


def test_every_audited_field_has_a_chinese_name() -> None:
    from techzone.web.audit_page import FIELDS

    keys = _audited_keys()
    assert {"amount_max", "hold_reason", "warn_percent", "username"} <= keys
    assert sorted(k for k in keys if k.isascii() and k not in FIELDS) == []


def test_a_cases_state_and_payer_read_in_chinese() -> None:
    from techzone.web.audit_page import _values

    shown = _values({"state": "paid", "payer": "zone", "amount_max": "200000.00", "cases": [3, 4]})
    assert "已支付" in shown and "高新区" in shown and "应享最高" in shown
    assert "paid" not in shown and "zone" not in shown and "amount_max" not in shown
    nested = _values({"年度数据": {"rows": 3, "changes": "新增3行"}})
    assert "rows" not in nested and "行数：3" in nested


def test_a_fund_pools_key_names_its_policy_and_payer_in_words() -> None:
    from techzone.model import AuditEntry
    from techzone.web.audit_page import _key

    entry = AuditEntry(entity="资金池", entity_key="baiyin_policy_list.first_hnte|2026|zone|GS-BY")
    shown = _key(entry)
    assert "baiyin_policy_list" not in shown and "zone" not in shown
    assert shown.endswith("｜2026｜高新区｜GS-BY") and "高新技术企业" in shown
    # A key of no policy is shown as it is.
    assert _key(AuditEntry(entity="用户", entity_key="wang")) == "wang"
