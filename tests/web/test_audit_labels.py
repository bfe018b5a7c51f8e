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
