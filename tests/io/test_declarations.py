"""The 企业声明 sheet, 撤销日期, platform status and 事件编号: imported, checked, stored, read by
the assessment as a profile file's declarations are."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from techzone.io.declared import normalised
from techzone.io.fields import ColumnError
from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected
from techzone.io.sheets import DeclarationRow
from techzone.model import Declaration, Incident, Platform
from techzone.model.codes import DeclarationSource, PlatformStatus
from techzone.rules.assess import assess_enterprise
from techzone.rules.loader import load_packs
from techzone.store import Store
from tests.io.factory import (
    Book,
    declaration,
    declared,
    dump,
    enterprise,
    expired_platform,
    incident,
    qualification,
    revoked,
    sample,
    uscc,
    write_xlsx,
)


def _book(**sheets: list[dict[str, object]]) -> Book:
    book = sample(2)
    book.update(sheets)
    return book


def test_declarations_are_stored_by_item_name_with_date_and_source(
    store: Store, tmp_path: Path
) -> None:
    rows = [declaration(0), {**declaration(1), "声明事项": "tech_sme_products_permitted"}]
    import_file(store, write_xlsx(tmp_path / "b.xlsx", _book(企业声明=rows)), declared=declared())
    with store.transaction() as session:
        stored = session.scalars(select(Declaration).order_by(Declaration.item)).all()
        assert [(d.item, d.value, d.declared_on, d.source) for d in stored] == [
            (
                "tech_sme_not_on_abnormal_lists",
                "是",
                date(2025, 3, 20),
                DeclarationSource.ENTERPRISE,
            ),
            ("tech_sme_products_permitted", "是", date(2025, 3, 20), DeclarationSource.OFFICER),
        ]


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"声明事项": "编造的事项"}, "声明事项", "不是规则包声明的事项"),
        ({"声明内容": "也许"}, "声明内容", "应填写「是」或「否」"),
        ({"声明事项": "技术的先进程度（自评档次）", "声明内容": "F"}, "声明内容", "档次应为"),
        (
            {"声明事项": "研究开发组织管理水平（自评分，0–20）", "声明内容": "21"},
            "声明内容",
            "不能大于20",
        ),
        (
            {"声明事项": "近3年科技成果转化项数", "声明内容": "2.5"},
            "声明内容",
            "是项数，应填写整数",
        ),
        ({"声明事项": "主导产品细分市场占有率", "声明内容": "-0.1"}, "声明内容", "不能为负数"),
        ({"声明日期": date.today() + timedelta(days=1)}, "声明日期", "晚于今天"),
        ({"来源": "邻居说"}, "来源", "不在允许的取值中"),
    ],
)
def test_a_bad_declaration_is_refused_at_its_cell_and_nothing_is_written(
    store: Store, tmp_path: Path, cells: dict[str, object], column: str, reason: str
) -> None:
    before = dump(store)
    book = _book(企业声明=[declaration(0), {**declaration(2), **cells}])
    with pytest.raises(ImportRejected) as rejected:
        import_file(store, write_xlsx(tmp_path / "b.xlsx", book), declared=declared())
    [problem] = rejected.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("企业声明", 3, column)
    assert reason in problem.reason
    assert dump(store) == before


def test_the_same_item_declared_twice_on_one_day_is_a_duplicate(
    sqlite_store: Store, tmp_path: Path
) -> None:
    twice = [declaration(0), {**declaration(0), "声明事项": "tech_sme_not_on_abnormal_lists"}]
    with pytest.raises(ImportRejected) as rejected:
        import_file(
            sqlite_store,
            write_xlsx(tmp_path / "b.xlsx", _book(企业声明=twice)),
            declared=declared(),
        )
    assert "重复" in rejected.value.problems[0].reason


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"撤销日期": date(2020, 1, 1)}, "早于发证日期"),
        ({"撤销日期": date.today() + timedelta(days=1)}, "晚于今天"),
        ({"状态": "有效"}, "不应填写撤销日期"),
    ],
)
def test_a_wrong_revocation_date_is_refused(
    sqlite_store: Store, tmp_path: Path, cells: dict[str, object], reason: str
) -> None:
    book = _book(资质=[{**revoked(0), **cells}])
    with pytest.raises(ImportRejected) as rejected:
        import_file(sqlite_store, write_xlsx(tmp_path / "b.xlsx", book))
    [problem] = rejected.value.problems
    assert (problem.column, reason in problem.reason) == ("撤销日期", True)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"状态日期": None}, "须填写状态日期"),
        ({"状态": "有效"}, "不应填写状态日期"),
        ({"状态日期": date(2000, 1, 1)}, "早于认定日期"),
    ],
)
def test_a_platform_status_needs_its_date(
    sqlite_store: Store, tmp_path: Path, cells: dict[str, object], reason: str
) -> None:
    book = _book(研发平台=[{**expired_platform(0), **cells}])
    with pytest.raises(ImportRejected) as rejected:
        import_file(sqlite_store, write_xlsx(tmp_path / "b.xlsx", book))
    [problem] = rejected.value.problems
    assert problem.column == "状态日期" and reason in problem.reason


def test_a_platform_sheet_without_status_columns_keeps_platforms_in_force(
    store: Store, tmp_path: Path
) -> None:
    import_file(store, write_xlsx(tmp_path / "b.xlsx", sample(20)))
    with store.transaction() as session:
        assert set(session.scalars(select(Platform.status))) == {PlatformStatus.IN_FORCE}


def test_two_incidents_of_one_kind_on_one_day_are_two_when_numbered(
    store: Store, tmp_path: Path
) -> None:
    same_day = [
        {**incident(0), "事件编号": "白环罚〔2024〕1号"},
        {**incident(0), "事件编号": "白环罚〔2024〕2号"},
    ]
    import_file(store, write_xlsx(tmp_path / "b.xlsx", _book(违规事件=same_day)))
    with store.transaction() as session:
        assert sorted(session.scalars(select(Incident.ref))) == [
            "白环罚〔2024〕1号",
            "白环罚〔2024〕2号",
        ]


def test_an_incident_file_without_numbers_is_numbered_by_kind_and_day_and_reimports_in_place(
    store: Store, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", _book(违规事件=[incident(0)]))
    import_file(store, path)
    before = dump(store)
    import_file(store, path)
    assert dump(store) == before
    with store.transaction() as session:
        assert list(session.scalars(select(Incident.ref))) == ["严重环境违法行为-2024-03-01"]
    # Without a number, the same kind twice on one day is still one record: refused as a duplicate.
    with pytest.raises(ImportRejected):
        import_file(store, write_xlsx(tmp_path / "c.xlsx", _book(违规事件=[incident(0)] * 2)))


def _declared_firm(store: Store, tmp_path: Path, rows: list[dict[str, object]]) -> None:
    book = {
        **sample(1),
        "企业": [enterprise(0)],
        "资质": [qualification(0)],
        "企业声明": rows,
    }
    import_file(store, write_xlsx(tmp_path / "b.xlsx", book), declared=declared())


def _tech_sme_criterion(trace: dict[str, Any], criterion: str) -> dict[str, Any]:
    tech_sme = next(q for q in trace["qualifications"] if q["id"] == "tech_sme")
    return next(c for c in tech_sme["criteria"] if c["id"] == criterion)


def test_a_stored_declaration_counts_from_its_day_to_the_end_of_its_year(
    store: Store, tmp_path: Path
) -> None:
    made = {**declaration(1), "统一社会信用代码": uscc(0), "声明日期": date(2025, 3, 20)}
    _declared_firm(store, tmp_path, [made])
    packs = load_packs()
    with store.transaction() as session:

        def status_on(day: date) -> dict[str, Any]:
            trace = assess_enterprise(session, packs, uscc(0), day)
            return _tech_sme_criterion(trace, "not_on_abnormal_lists")

        before = status_on(date(2025, 3, 19))
        during = status_on(date(2025, 12, 31))
        after = status_on(date(2026, 1, 1))
    assert "declared" not in before
    assert during["declared"] == [
        {
            "name": "tech_sme_not_on_abnormal_lists",
            "label": "未列入经营异常名录和严重违法失信企业名单",
            "value": True,
            "source": "officer",
            "source_label": "官员核实",
            "declared_on": "2025-03-20",
        }
    ]
    assert "declared" not in after


def test_a_later_declaration_replaces_an_earlier_one(store: Store, tmp_path: Path) -> None:
    first = {**declaration(0), "声明日期": date(2025, 2, 1)}
    second = {
        **declaration(1),
        "统一社会信用代码": uscc(0),
        "声明日期": date(2025, 6, 1),
        "声明内容": "否",
    }
    _declared_firm(store, tmp_path, [first, second])
    packs = load_packs()
    with store.transaction() as session:
        march = _tech_sme_criterion(
            assess_enterprise(session, packs, uscc(0), date(2025, 3, 1)), "not_on_abnormal_lists"
        )
        july = _tech_sme_criterion(
            assess_enterprise(session, packs, uscc(0), date(2025, 7, 1)), "not_on_abnormal_lists"
        )
    assert march["declared"][0]["value"] is True
    assert march["declared"][0]["source_label"] == "企业声明"
    assert july["declared"][0]["value"] is False
    assert july["status"] == "ineligible"


def test_the_template_offers_the_items_and_explains_them(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from techzone.io.reader import LISTS_SHEET, NOTES_SHEET
    from techzone.io.template import write_template

    vocabulary = declared()
    book = load_workbook(write_template(tmp_path / "模板.xlsx", vocabulary))
    sheet = book["企业声明"]
    assert [cell.value for cell in sheet[1]] == DeclarationRow.headers()
    by_column = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    item = by_column["B2"]
    reference = item.formula1.split("!")[1].replace("$", "")
    labels = [cell.value for (cell,) in book[LISTS_SHEET][reference]]
    assert labels == sorted(d.label for d in vocabulary.values())
    assert by_column["E2"].formula1 == '"企业声明,官员核实"'
    notes = [row for row in book[NOTES_SHEET].iter_rows(values_only=True)]
    explained = {row[1]: row for row in notes if row[0] == "企业声明" and row[1] in labels}
    assert set(explained) == set(labels)
    assert explained["技术的先进程度（自评档次）"][2] == "档次 A、B、C、D、E"


def test_csv_export_of_declarations_reimports_unchanged(store: Store, tmp_path: Path) -> None:
    from techzone.io.exporter import export_csv

    vocabulary = declared()
    book = sample(30, declarations=True)
    import_file(store, write_xlsx(tmp_path / "b.xlsx", book), declared=vocabulary)
    with store.transaction() as session:
        export_csv(session, tmp_path / "csv", vocabulary)
    before = dump(store)
    import_file(store, tmp_path / "csv", declared=vocabulary)
    assert dump(store) == before
    text = (tmp_path / "csv" / "企业声明.csv").read_text(encoding="utf-8-sig")
    assert "未列入经营异常名录和严重违法失信企业名单" in text and "官员核实" in text


def _share(typed: str) -> DeclarationRow:
    return DeclarationRow.model_validate(
        {**declaration(0), "声明事项": "主导产品细分市场占有率", "声明内容": typed}
    )


@pytest.mark.parametrize("typed", ["12", "1.5", "100"])
def test_a_market_share_typed_in_percent_is_refused_saying_how_to_write_it(typed: str) -> None:
    # 「以比例填写（0.12 即12%）」: 12 stored as a share of 12 (1200%) met 占有率≥10% whatever the
    # enterprise's share was.
    with pytest.raises(ColumnError) as refused:
        normalised(declared(), _share(typed))
    assert refused.value.column == "声明内容"
    assert "不能大于1" in str(refused.value) and "0.12" in str(refused.value)


def test_a_market_share_written_with_a_percent_sign_is_refused_with_its_share() -> None:
    with pytest.raises(ColumnError) as refused:
        normalised(declared(), _share("12%"))
    assert "12%应写作0.12" in str(refused.value)


@pytest.mark.parametrize(("typed", "stored"), [("0.12", "0.12"), ("1", "1"), ("0", "0")])
def test_a_market_share_as_a_ratio_is_taken(typed: str, stored: str) -> None:
    assert normalised(declared(), _share(typed)).value == stored


@pytest.mark.parametrize(
    ("typed", "said"),
    [("50万元", "50万元应写作 500000"), ("¥500", "带有货币符号"), ("５００００．５", None)],
)
def test_a_declared_amount_is_read_as_every_amount_typed(typed: str, said: str | None) -> None:
    # 「应填写数字，不是「50万元」」 said nothing of the unit; full-width digits were refused.
    row = DeclarationRow.model_validate(
        {
            **declaration(0),
            "声明事项": "近两年新增股权融资总额（合格机构投资者实缴）",
            "声明内容": typed,
        }
    )
    if said is None:
        assert normalised(declared(), row).value == "50000.5"
        return
    with pytest.raises(ColumnError) as refused:
        normalised(declared(), row)
    assert said in str(refused.value)
