"""Loading rule packs: read, validate against the schema, lint, and refuse anything wrong.

A pack error names the file, the rule and what is wrong, and nothing is loaded: techzone never
runs on half a rule set.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from techzone.model.codes import QualificationKind
from techzone.rules.inputs import CORE_INPUTS, declared_dtypes
from techzone.rules.pack import Declaration, Pack

if TYPE_CHECKING:
    import polars as pl

    from techzone.rules.compiler import CompiledPack

# Polars, sqlglot and the compiler are imported where rules are compiled or type-checked: a
# command that only needs the packs' declarations (import, export), with their check
# remembered, does not load them (docs/performance.md).

M = TypeVar("M", bound=BaseModel)

PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"
TEST_SUFFIX = ".tests.yaml"


class PackError(ValueError):
    def __init__(self, file: Path, rule: str | None, message: str) -> None:
        where = f"{file}" + (f"：{rule}" if rule else "")
        super().__init__(f"规则包错误 {where}：{message}")
        self.file = file
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class LoadedPack:
    pack: Pack
    path: Path
    sha256: str


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


# libyaml parses the packs ten times as fast as PyYAML's pure-Python loader, which took a third of
# every command's start; both build the same safe types.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parsed_yaml(raw: bytes) -> object:
    try:
        return yaml.load(raw, Loader=_FAST_LOADER)
    except (yaml.YAMLError, ValueError):
        # PyYAML's own loader shows the offending line in its message: parse again to say it.
        return yaml.safe_load(raw)


def read_model(path: Path, model: type[M]) -> tuple[M, str]:
    """A YAML file validated as ``model``, and its SHA-256; any problem is a PackError."""
    raw = path.read_bytes()
    try:
        data = _parsed_yaml(raw)
    except yaml.YAMLError as error:
        raise PackError(path, None, f"YAML 格式错误：{error}") from error
    except ValueError as error:  # a value YAML recognises but cannot build, e.g. 2020-13-01
        raise PackError(path, None, f"YAML 取值错误：{error}") from error
    if not isinstance(data, dict):
        raise PackError(path, None, "文件内容须为一个规则包对象")
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        more = f"（另有{error.error_count() - 1}处）" if error.error_count() > 1 else ""
        raise PackError(path, _location(first["loc"]), f"{first['msg']}{more}") from error
    return parsed, hashlib.sha256(raw).hexdigest()


def read_pack(path: Path) -> LoadedPack:
    pack, digest = read_model(path, Pack)
    return LoadedPack(pack, path, digest)


def schema_frame(declarations: dict[str, Declaration]) -> pl.LazyFrame:
    """An empty frame with every input's type, to type-check compiled rules without data."""
    import polars as pl

    dtypes = declared_dtypes()
    schema: dict[str, pl.DataType] = {"uscc": pl.String()}
    schema.update({name: item.dtype for name, item in CORE_INPUTS.items()})
    schema.update({name: dtypes[d.type] for name, d in declarations.items()})
    return pl.LazyFrame(schema=schema)


CACHE_DIR_ENV = "TECHZONE_CACHE_DIR"
# What decides whether a pack type-checks, besides the packs themselves: the code that compiles
# rules, the sqlglot that parses them and the Polars that runs them.
_CHECKER_SOURCES = tuple(
    Path(__file__).resolve().parent.parent / name
    for name in (
        "rules/compiler.py",
        "rules/expressions.py",
        "rules/exact.py",
        "rules/inputs.py",
        "rules/pack.py",
        "rules/loader.py",
        "model/codes.py",
    )
)


def _cache_dir() -> Path:
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "techzone"


def _checked_mark(packs: list[LoadedPack]) -> Path | None:
    """Where a set of packs that type-checked is remembered, by the digest of everything the
    check depends on: every pack's bytes (declarations included), the checker's source and the
    Polars version. Type-checking compiles every rule and runs it on an empty frame, most of the
    time a command spent loading packs; the same packs under the same code check the same way.
    """
    # The installed distributions' versions, read without importing the libraries.
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for library in ("polars", "sqlglot"):
        try:
            versions.append(version(library))
        except PackageNotFoundError:
            versions.append("")
    digest = hashlib.sha256("\0".join(versions).encode())
    try:
        for source in _CHECKER_SOURCES:
            digest.update(source.read_bytes())
    except OSError:
        return None
    for item in packs:
        digest.update(f"{item.path.name}\0{item.sha256}\0".encode())
    return _cache_dir() / f"packs-checked-{digest.hexdigest()}"


def _remember(mark: Path | None) -> None:
    # A cache that cannot be written only means the next command checks again.
    if mark is None:
        return
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    except OSError:
        pass


class PackSet:
    """All packs, checked together; the pack in force for a qualification on a date."""

    def __init__(self, loaded: Iterable[LoadedPack]) -> None:
        self.packs = sorted(
            loaded, key=lambda item: (item.pack.qualification, item.pack.effective.start)
        )
        self.declarations = self._declarations()
        self._check()
        # Compiled packs for a (date, review) never change: keep them warm.
        self._compiled: dict[tuple[date, bool], list[CompiledPack]] = {}

    def _declarations(self) -> dict[str, Declaration]:
        merged: dict[str, Declaration] = {}
        for item in self.packs:
            for name, declaration in item.pack.declarations.items():
                if name in CORE_INPUTS:
                    raise PackError(item.path, f"declarations.{name}", "与记录派生的输入同名")
                if name in merged and merged[name].type != declaration.type:
                    raise PackError(
                        item.path,
                        f"declarations.{name}",
                        f"与其他规则包中同名声明的类型不一致（{merged[name].type}）",
                    )
                merged.setdefault(name, declaration)
        return merged

    def _check(self) -> None:
        ids: dict[str, Path] = {}
        for item in self.packs:
            if item.pack.id in ids:
                raise PackError(item.path, "id", f"与 {ids[item.pack.id]} 重复")
            ids[item.pack.id] = item.path
        self._check_overlaps()
        checked = _checked_mark(self.packs)
        if checked is not None and checked.exists():
            return
        for item in self.packs:
            if item.pack.unpublished is None:
                self._check_types(item)
        _remember(checked)

    def _check_overlaps(self) -> None:
        by_kind: dict[QualificationKind, list[LoadedPack]] = {}
        for item in self.packs:
            by_kind.setdefault(item.pack.qualification, []).append(item)
        for items in by_kind.values():
            for earlier, later in itertools.pairwise(items):
                end = earlier.pack.effective.end
                if end is None or end >= later.pack.effective.start:
                    raise PackError(
                        later.path,
                        "effective",
                        f"与 {earlier.path.name} 同时生效（两个版本不得同时适用于新申请）",
                    )

    def _check_types(self, item: LoadedPack) -> None:
        import polars as pl

        from techzone.rules.compiler import RuleError, compile_pack

        try:
            compiled = compile_pack(item.pack, item.pack.effective.start, self.declarations)
        except RuleError as error:
            raise PackError(item.path, error.rule, error.message) from error
        frame = schema_frame(self.declarations)
        expected = {
            "criterion": pl.Boolean,
            "verdict": pl.Boolean,
            "flag": pl.Boolean,
            "band": pl.String,
        }
        numeric = (
            "gap",
            "item_min",
            "item_max",
            "group_min",
            "group_max",
            "score_min",
            "score_max",
        )
        for layer in compiled.layers():
            # Polars finds some mismatches (text compared with a number) only when a plan runs:
            # run the layer's rules together on a frame with every input's type and no rows;
            # only a layer that fails is run rule by rule, to name the rule at fault.
            try:
                schema = frame.select(expr.alias(name) for name, expr in layer.items()).collect()
            except pl.exceptions.PolarsError:
                schema = None
            for name, expr in layer.items():
                _pack, kind, rule = name.split("|")
                try:
                    ran = schema if schema is not None else frame.select(expr.alias(name)).collect()
                    dtype = ran.schema[name]
                except pl.exceptions.PolarsError as error:
                    raise PackError(item.path, f"{kind}.{rule}", f"类型不匹配：{error}") from error
                wanted = expected.get(kind)
                if wanted is not None and dtype not in (wanted, pl.Null):
                    raise PackError(item.path, f"{kind}.{rule}", f"结果应为{wanted}，实为{dtype}")
                if kind in numeric and not (dtype.is_numeric() or dtype == pl.Null):
                    raise PackError(item.path, f"{kind}.{rule}", f"结果应为数值，实为{dtype}")
            frame = frame.with_columns(expr.alias(name) for name, expr in layer.items())

    def in_force(
        self, kind: QualificationKind, day: date, review: bool = False
    ) -> LoadedPack | None:
        """The pack that governs ``kind`` on ``day``.

        A re-review (复核) may still be judged by an older version: 2026 小巨人 re-reviews use the
        2022 standard (工信厅企业函〔2026〕117号), declared by that pack's ``reviews_until``.
        """
        if review:
            for item in self.packs:
                effective = item.pack.effective
                until = effective.reviews_until
                if item.pack.qualification == kind and until and effective.start <= day <= until:
                    return item
        for item in self.packs:
            if item.pack.qualification == kind and item.pack.effective.covers(day):
                return item
        return None

    def compile(self, day: date, review: bool = False) -> list[CompiledPack]:
        """Every pack in force on ``day``, compiled for it (unpublished qualifications excluded)."""
        cached = self._compiled.get((day, review))
        if cached is not None:
            return cached
        from techzone.rules.compiler import RuleError, compile_pack

        compiled = []
        for kind in QualificationKind:
            item = self.in_force(kind, day, review)
            if item is not None and item.pack.unpublished is None:
                try:
                    compiled.append(compile_pack(item.pack, day, self.declarations))
                except RuleError as error:
                    raise PackError(item.path, error.rule, error.message) from error
        self._compiled[(day, review)] = compiled
        return compiled


POLICY_MARK = "kind: policies"


def is_policy_file(path: Path) -> bool:
    """Policy packs (the money clauses) declare ``kind: policies`` at the top."""
    with path.open(encoding="utf-8") as handle:
        return any(line.strip() == POLICY_MARK for line in handle.read(4096).splitlines())


def pack_files(folder: Path, policies: bool) -> list[Path]:
    """The qualification packs (or, with ``policies``, the policy packs) under ``folder``."""
    paths = sorted(p for p in folder.rglob("*.yaml") if not p.name.endswith(TEST_SUFFIX))
    return [path for path in paths if is_policy_file(path) == policies]


def load_packs(folder: Path = PACKS_DIR) -> PackSet:
    return PackSet(read_pack(path) for path in pack_files(folder, policies=False))
