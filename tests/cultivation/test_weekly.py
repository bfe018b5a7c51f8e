"""The weekly report for an ISO week on crafted applications (both backends): its numbers against
the stored history, and the .docx and .xlsx read back with python-docx and openpyxl."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from sqlalchemy import text

from techzone.access.scope import Scope
from techzone.cultivation.applications import Recognition, advance, open_application
from techzone.cultivation.calendar import set_calendar_date
from techzone.cultivation.documents import write_weekly_document
from techzone.cultivation.weekly import Week, WeekError, WeeklyReport, parse_week, weekly_report
from techzone.cultivation.workbooks import write_weekly_workbook
from techzone.model import ApplicationStatus
from techzone.model.codes import QualificationKind
from techzone.rules.loader import PackSet
from techzone.store import Store
from tests.cultivation.factory import ZONE, enterprise, uscc, write
from tests.official_layout import check_official_layout, check_page

S = ApplicationStatus
HNTE = QualificationKind.HNTE
WEEK = Week(2026, 47)  # Monday 2026-11-16 to Sunday 2026-11-22


@pytest.fixture
def season(store: Store) -> Store:
    write(store, *(enterprise(n, above_scale=n % 2 == 1) for n in range(1, 7)))
    with store.transaction() as session:
        # The district moved its third batch to the end of November this year.
        set_calendar_date(session, 2026, ZONE, "batch_3", date(2026, 11, 30), "王五", "省厅通知")

        def opened(
            number: int,
            kind: QualificationKind,
            department: str,
            on: date,
            batch: int | None = None,
            year: int = 2026,
        ) -> int:
            application = open_application(
                session, uscc(number), kind, year, department, "张三", on, batch=batch
            )
            return application.id

        first = opened(1, HNTE, "区科技局", date(2026, 3, 2), batch=3)
        for status, on in [
            (S.COACHING, date(2026, 5, 10)),
            (S.SUBMITTED, date(2026, 9, 1)),
            (S.RECOMMENDED, date(2026, 9, 20)),
            (S.PUBLICISED, date(2026, 10, 15)),
        ]:
            advance(session, first, status, "张三", on)
        advance(
            session,
            first,
            S.RECOGNISED,
            "张三",
            date(2026, 11, 18),
            recognition=Recognition("GR202662000001", date(2026, 11, 16)),
        )
        second = opened(2, HNTE, "区工信局", date(2026, 4, 1), batch=3)
        advance(session, second, S.COACHING, "李四", date(2026, 11, 17))
        opened(3, QualificationKind.TECH_SME, "区商务局", date(2026, 11, 20))
        fourth = opened(4, HNTE, "区科技局", date(2026, 3, 1), batch=2)
        advance(session, fourth, S.REJECTED, "张三", date(2026, 11, 10), reason="企业放弃申报")
        opened(5, HNTE, "区科技局", date(2026, 11, 23), batch=3)  # after the week
        opened(6, HNTE, "区科技局", date(2025, 3, 1), year=2025)  # another year
    return store


def _stored_statuses(store: Store, day: date) -> Counter[str]:
    """Each 2026 application's status at the end of ``day``, from the history table alone."""
    statuses: dict[int, str] = {}
    with store.engine.connect() as connection:
        for application, status, changed in connection.execute(
            text(
                "SELECT c.application_id, c.to_status, c.changed_on FROM application_change c "
                "JOIN application a ON a.id = c.application_id WHERE a.year = 2026 "
                "ORDER BY c.id"
            )
        ):
            changed_on = changed if isinstance(changed, date) else date.fromisoformat(changed)
            if changed_on <= day:
                statuses[application] = status
    return Counter(statuses.values())


def _report(store: Store, packs: PackSet) -> WeeklyReport:
    with store.transaction() as session:
        return weekly_report(session, packs, WEEK, ZONE)


def test_counts_changes_and_risks(season: Store, packs: PackSet) -> None:
    report = _report(season, packs)
    now = _stored_statuses(season, WEEK.sunday)
    before = _stored_statuses(season, date(2026, 11, 15))
    assert {s.value: n for s, n in report.by_status().items() if n} == dict(now)
    assert {s.value: n for s, n in report.by_status(last_week=True).items() if n} == dict(before)
    assert report.counts()[(S.RECOGNISED, 3)] == 1
    assert report.counts()[(S.SCREENING, None)] == 1
    assert [(c.on, c.to_status) for c in report.changes] == [
        (date(2026, 11, 17), S.COACHING),
        (date(2026, 11, 18), S.RECOGNISED),
        (date(2026, 11, 20), S.SCREENING),
    ]
    # Only the second application is before recommendation in a batch due within 14 days.
    (risk,) = report.at_risk
    assert (risk.application.uscc, risk.deadline, risk.days_left) == (
        uscc(2),
        date(2026, 11, 30),
        8,
    )
    assert risk.readiness.missing
    progress = {p.target.id: p for p in report.targets}
    assert progress["cg-new-hnte-yearly"].actual == 1
    assert progress["cg-hnte-2027"].actual == 1
    assert progress["cg-hnte-above-scale-2027"].actual == 1
    assert progress["cg-hnte-private-share-2027"].actual == 100.0
    assert progress["cg-hnte-2027"].met is False
    departments = {d.department: d for d in report.departments}
    assert {name: d.total for name, d in departments.items()} == {
        "区科技局": 2,
        "区工信局": 1,
        "区商务局": 1,
    }
    assert departments["区工信局"].at_risk == 1
    assert departments["区科技局"].recognised == {HNTE: 1}


def test_a_wider_risk_window_and_a_narrower_one(season: Store, packs: PackSet) -> None:
    with season.transaction() as session:
        narrow = weekly_report(session, packs, WEEK, ZONE, risk_days=7)
        exact = weekly_report(session, packs, WEEK, ZONE, risk_days=8)
    assert narrow.at_risk == [] and len(exact.at_risk) == 1


def test_the_word_report_reads_back_with_the_same_numbers(
    season: Store, packs: PackSet, tmp_path: Path
) -> None:
    report = _report(season, packs)
    path = tmp_path / "out" / "周报.docx"
    write_weekly_document(report, path, date(2026, 11, 23))
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "城关区高新技术企业培育工作周报告（2026年第47周）"
    assert "2026年11月16日—2026年11月22日" in texts[1]
    assert "编制日期：2026年11月23日" in texts[2]
    headings = [t for t in texts if t[:2] in {"一、", "二、", "三、", "四、", "五、"}]
    assert headings == [
        "一、总体情况",
        "二、本周变化",
        "三、风险提示",
        "四、年度目标进展",
        "五、各责任单位进展",
    ]
    overview = document.tables[0]
    header = [cell.text for cell in overview.rows[0].cells]
    assert header == ["状态", "第2批", "第3批", "未分批", "合计", "上周", "增减"]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in overview.rows[1:]}
    now = _stored_statuses(season, WEEK.sunday)
    before = _stored_statuses(season, date(2026, 11, 15))
    for status in ApplicationStatus:
        assert rows[status.label][4] == str(now.get(status.value, 0)), status
        assert rows[status.label][5] == str(before.get(status.value, 0)), status
    assert rows["合计"][4] == str(sum(now.values()))
    changes = document.tables[1]
    assert len(changes.rows) == 1 + 3
    risks = document.tables[2]
    assert [c.text for c in risks.rows[1].cells][:5] == [
        "城关示例企业002",
        "高新技术企业",
        "第3批",
        "2026-11-30",
        "8",
    ]
    targets = {row.cells[0].text: row.cells[3].text for row in document.tables[3].rows[1:]}
    with season.engine.connect() as connection:
        holders = connection.execute(
            text(
                "SELECT count(DISTINCT enterprise_id) FROM qualification WHERE kind = 'hnte' "
                "AND status = 'valid' AND issued_on <= :day AND expires_on >= :day"
            ),
            {"day": WEEK.sunday},
        ).scalar_one()
    assert targets["高新技术企业总数"] == str(holders)
    assert targets["每年新认定高新技术企业"] == "1"
    departments = {row.cells[0].text: row.cells[1].text for row in document.tables[4].rows[1:]}
    assert departments == {"区商务局": "1", "区工信局": "1", "区科技局": "2"}
    assert list(path.parent.iterdir()) == [path], "no temporary file is left behind"


def test_the_workbook_reads_back_with_the_same_numbers(
    season: Store, packs: PackSet, tmp_path: Path
) -> None:
    report = _report(season, packs)
    path = tmp_path / "周报.xlsx"
    write_weekly_workbook(report, path)
    book = load_workbook(path)
    assert book.sheetnames == ["总体情况", "本周变化", "风险提示", "目标进展", "责任单位"]
    rows = list(book["总体情况"].iter_rows(values_only=True))
    assert rows[0][0] == "城关区高新技术企业培育工作周报告（2026年第47周） · 一、总体情况"
    start = next(i for i, row in enumerate(rows) if row[0] == "状态")
    header = list(rows[start])
    table = {row[0]: row for row in rows[start + 1 : start + 9]}
    now = _stored_statuses(season, WEEK.sunday)
    for status in ApplicationStatus:
        assert table[status.label][header.index("合计")] == now.get(status.value, 0)
    assert table["合计"][header.index("合计")] == sum(now.values())


@pytest.mark.parametrize(
    ("text_", "week"),
    [("2026-W47", Week(2026, 47)), ("2026w01", Week(2026, 1)), ("2020-W53", Week(2020, 53))],
)
def test_iso_weeks(text_: str, week: Week) -> None:
    assert parse_week(text_) == week
    assert parse_week(text_).monday.weekday() == 0


@pytest.mark.parametrize(
    ("text_", "message"), [("2026-47", "不是ISO周"), ("2025-W53", "没有第53周")]
)
def test_bad_weeks_are_explained(text_: str, message: str) -> None:
    with pytest.raises(WeekError, match=message):
        parse_week(text_)


# The .docx in the layout of official documents (GB/T 9704-2012), read back.


@pytest.fixture
def document(season: Store, packs: PackSet, tmp_path: Path) -> DocumentObject:
    path = tmp_path / "周报.docx"
    write_weekly_document(_report(season, packs), path, date(2026, 11, 23))
    return Document(str(path))


def _east_asian(paragraph: Paragraph) -> set[str | None]:
    return {
        run._element.rPr.rFonts.get(qn("w:eastAsia"))
        for run in paragraph.runs
        if run._element.rPr is not None and run._element.rPr.rFonts is not None
    }


def test_a4_with_the_standards_margins(document: DocumentObject) -> None:
    section = document.sections[0]
    # Word keeps lengths in twips (1/1440 inch): equal to the millimetre within a twip.
    sizes = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert all(size is not None for size in sizes)
    assert [round(size.mm, 1) for size in sizes if size is not None] == [
        210,
        297,
        37,
        35,
        28,
        26,
    ]
    # 22 lines in the 225 mm text area, as Word will lay them out (whole twips).
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None and grid.get(qn("w:type")) == "linesAndChars"
    assert int(grid.get(qn("w:linePitch"))) == 579  # 580 would let only 21 lines in
    check_page(document)


def test_title_body_and_heading_fonts(document: DocumentObject) -> None:
    title, *rest = document.paragraphs
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asian(title) == {"方正小标宋简体"}
    assert {run.font.size for run in title.runs} == {Pt(22)}  # 2号
    heading = next(p for p in rest if p.text.startswith("一、"))
    assert _east_asian(heading) == {"黑体"}
    assert {run.font.size for run in heading.runs} == {Pt(16)}  # 3号
    body = rest[rest.index(heading) + 1]
    assert _east_asian(body) == {"仿宋"}
    assert {run.font.size for run in body.runs} == {Pt(16)}
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters


def test_page_numbers_with_dashes_odd_right_even_left(document: DocumentObject) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == side
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert [i.strip() for i in instructions] == ["PAGE"]
        assert _east_asian(paragraph) == {"宋体"}
        assert {run.font.size for run in paragraph.runs} == {Pt(14)}  # 4号


def test_the_weekly_report_holds_the_official_layout(
    season: Store, packs: PackSet, tmp_path: Path
) -> None:
    path = tmp_path / "周报.docx"
    write_weekly_document(_report(season, packs), path, date(2026, 12, 4))
    document = Document(str(path))
    # The date of issue in full, without a leading zero; the sections are first-level headings.
    assert check_official_layout(document, "编制日期：2026年12月4日") == {1}


def test_the_title_font_names_its_stand_in(document: DocumentObject) -> None:
    """方正小标宋简体 is often not installed: the font table tells Word to show 宋体."""
    table = next(
        p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"
    )
    text = table.blob.decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in text


def test_each_heading_level_takes_the_standards_font(tmp_path: Path) -> None:
    """The reports use 一、 only; the shared helper sets the other levels too, for the next
    document that numbers deeper."""
    from techzone.cultivation import documents

    document = Document()
    documents._body_style(document)
    documents._page(document.sections[0])
    documents._page_numbers(document, document.sections[0])
    documents._paragraph(document, "标题", documents.TITLE_FONT, documents.SIZE_2, centred=True)
    for level, heading in enumerate(["一、总体", "（一）进展", "1.数量", "（1）批次"], start=1):
        documents._heading(document, heading, level)
        documents._paragraph(document, "正文。", documents.BODY_FONT, indent=True)
    documents._paragraph(document, "2026年3月2日", documents.BODY_FONT)
    path = tmp_path / "levels.docx"
    document.save(str(path))
    assert check_official_layout(Document(str(path)), "2026年3月2日") == {1, 2, 3, 4}


def test_a_provinces_report_carries_only_its_own_zones_targets(
    season: Store, packs: PackSet
) -> None:
    # Seed 003 二's targets are 城关区's (甘肃), seed 002's 白银's: a 广西 officer's weekly report
    # must not carry them, nor their figures counted from 城关区's records.
    with season.transaction() as session:
        guangxi = weekly_report(session, packs, WEEK, scope=Scope(province="广西壮族自治区"))
        gansu = weekly_report(session, packs, WEEK, scope=Scope(province="甘肃省"))
    assert guangxi.targets == []
    progress = {p.target.id: p for p in gansu.targets}
    assert progress["cg-new-hnte-yearly"].actual == 1


def _second_zone(store: Store) -> None:
    """白银's enterprise with an application of its own 区科技局 (the same name as 城关区's)."""
    from techzone.io.sheets import EnterpriseRow, ParkRow, ZoneRow

    other = EnterpriseRow.model_validate(
        {
            "统一社会信用代码": uscc(90),
            "企业名称": "白银示例企业090",
            "高新区代码": "GS-BYX",
            "园区代码": "BY",
            "成立日期": date(2015, 1, 1),
            "技术领域": "电子信息",
            "所有制": "民营",
            "规上企业": "否",
            "上市状态": "未上市",
        }
    )
    place = [
        ZoneRow.model_validate(
            {
                "高新区代码": "GS-BYX",
                "高新区名称": "白银测试高新区",
                "级别": "国家级",
                "省份": "甘肃省",
                "城市": "白银市",
            }
        ),
        ParkRow.model_validate({"高新区代码": "GS-BYX", "园区代码": "BY", "园区名称": "白银园"}),
    ]
    write(store, *place, other)
    with store.transaction() as session:
        application = open_application(
            session, uscc(90), HNTE, 2026, "区科技局", "赵六", date(2026, 4, 1), batch=3
        )
        advance(session, application.id, S.COACHING, "赵六", date(2026, 11, 19))


def test_a_report_over_several_zones_names_each_rows_zone(
    season: Store, packs: PackSet, tmp_path: Path
) -> None:
    """The province's report (or the command line's without --zone) mixes zones: every list
    names each row's zone, and two zones' departments of one name stay apart."""
    _second_zone(season)
    with season.transaction() as session:
        report = weekly_report(session, packs, WEEK, scope=Scope(province="甘肃省"))
        single = weekly_report(session, packs, WEEK, ZONE)
    path = tmp_path / "周报.docx"
    write_weekly_document(report, path, date(2026, 11, 23))
    document = Document(str(path))
    changes = document.tables[1]
    assert [c.text for c in changes.rows[0].cells][:2] == ["高新区", "日期"]
    zones = {row.cells[0].text for row in changes.rows[1:]}
    assert zones == {"城关区", "白银测试高新区"}
    assert document.tables[2].rows[0].cells[0].text == "高新区"
    departments = [[cell.text for cell in row.cells][:3] for row in document.tables[4].rows[1:]]
    assert ["城关区", "区科技局", "2"] in departments
    assert ["白银测试高新区", "区科技局", "1"] in departments
    book_path = tmp_path / "周报.xlsx"
    write_weekly_workbook(report, book_path)
    rows = list(load_workbook(book_path)["本周变化"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "高新区")
    assert rows[start][1] == "日期"
    assert {row[0] for row in rows[start + 1 :] if row[0]} == {"城关区", "白银测试高新区"}
    # One zone's report keeps its columns as they were: the zone is in its title.
    path_single = tmp_path / "城关.docx"
    write_weekly_document(single, path_single, date(2026, 11, 23))
    one = Document(str(path_single))
    assert one.tables[1].rows[0].cells[0].text == "日期"
    assert [row.cells[0].text for row in one.tables[4].rows[1:]] == [
        "区商务局",
        "区工信局",
        "区科技局",
    ]


def test_the_market_regulators_two_names_make_one_row(store: Store, packs: PackSet) -> None:
    """003 五 names the market regulator 区市场监督管理局 once and 区市场监管局 six times; the
    officers who typed either are one 包抓联 unit, counted on one row (blindlists2)."""
    write(store, enterprise(1), enterprise(2), enterprise(3))
    with store.transaction() as session:
        for number, department in [(1, "区市场监督管理局"), (2, "区市场监管局"), (3, "区科技局")]:
            open_application(
                session, uscc(number), HNTE, 2026, department, "张三", date(2026, 11, 17)
            )
        report = weekly_report(session, packs, WEEK, ZONE)
    rows = {d.department: (d.total, d.changes) for d in report.departments}
    assert rows == {"区市场监管局": (2, 2), "区科技局": (1, 1)}
