"""The command line: thin commands over the core; each says in Chinese what went wrong."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from techzone import console
from techzone.awards import ledger
from techzone.awards.budget import budget, lines, totals
from techzone.awards.calculate import Settings, entitlements
from techzone.awards.catalogue import Catalogue, load_catalogue
from techzone.awards.explain import explain
from techzone.awards.reform import ReformRejected, compare, read_reform
from techzone.cli_cultivation import register as register_cultivation
from techzone.cli_support import AsOf, ZoneOpt, day_option, fail, require_data, rule_packs
from techzone.cli_zones import register as register_zones
from techzone.config import data_dir
from techzone.demo.generator import DEMO_AS_OF
from techzone.demo.load import load_demo
from techzone.extract import (
    UnreadableDocument,
    extract_file,
    write_draft_pack,
    write_review,
)
from techzone.io.assessment_workbook import write_assessment
from techzone.io.awards_workbook import write_budget, write_reform
from techzone.io.exporter import export_csv, export_workbook
from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected, render_problems, write_problems
from techzone.io.summary_workbook import write_summary
from techzone.io.template import write_template
from techzone.rules.assess import assess_all, assess_enterprise, assess_profile
from techzone.rules.frame import Records
from techzone.rules.loader import PackError
from techzone.rules.profile import ProfileError, profile_records, profile_schema, read_profile
from techzone.rules.records import UnknownEnterprise, UnknownZone, read_records
from techzone.store import Store, open_store
from techzone.zones.summary import summarise

console.quiet_libraries()

app = typer.Typer(
    help="techzone — 高新区科技企业梯度培育与政策兑现系统 · rules as code for high-tech zones",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


@app.command()
def demo(
    enterprises: Annotated[
        int, typer.Option(min=1, help="示范企业数 · number of demo enterprises")
    ] = 2000,
    seed: Annotated[int, typer.Option(help="随机种子 · generator seed")] = 0,
    as_of: AsOf = None,
    out: Annotated[Path | None, typer.Option(help="概览工作簿 · summary workbook (.xlsx)")] = None,
) -> None:
    """载入示范高新区并运行主任务 · Load the demo zone and run the main job.

    The summary is taken on the demo world's own date (2026-06-30) unless --as-of says otherwise.
    """
    store = open_store()
    with console.sheet_progress() as progress:
        written = load_demo(store, enterprises=enterprises, seed=seed, progress=progress)
    console.out.print(
        f"示范数据已载入：{written.get('企业', 0)}家企业，"
        f"{sum(written.values())}条记录，保存在 {_where(store)}"
    )
    day = DEMO_AS_OF if as_of is None else day_option(as_of)
    _summary(store, day, None, out or data_dir() / "demo-summary.xlsx")


def _where(store: Store) -> str:
    """Where the data is kept, as an officer would look for it: the file, or the server."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return f"{url.host or ''}:{url.port or ''}/{url.database or ''}（PostgreSQL）"


@app.command()
def summary(
    zone: ZoneOpt = None,
    as_of: AsOf = None,
    out: Annotated[Path | None, typer.Option(help="另存为工作簿 · also write .xlsx")] = None,
) -> None:
    """高新区概览：各园区企业与资质、本年到期证书 · Zone summary."""
    _summary(open_store(), day_option(as_of), zone, out)


def _summary(store: Store, as_of: date, zone: str | None, out: Path | None) -> None:
    with store.transaction() as session:
        try:
            summaries = summarise(session, as_of, zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    console.show_summary(summaries)
    if out is not None:
        write_summary(summaries, out)
        console.out.print(f"概览工作簿：{out}")


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="Excel (.xlsx)、CSV 文件或 CSV 文件夹 · workbook, CSV or folder")
    ],
    errors: Annotated[
        Path | None,
        typer.Option(help="错误报告 .xlsx（默认与文件同目录） · error report path"),
    ] = None,
) -> None:
    """导入企业数据（全部成功或全部不写入） · Import records, all or nothing."""
    if not file.exists():
        raise fail(f"文件不存在：{file}")
    store = open_store()
    try:
        with console.sheet_progress() as progress:
            written = import_file(store, file, progress=progress)
    except ImportRejected as rejected:
        report = errors or file.with_name(f"{file.stem}.错误报告.xlsx")
        write_problems(rejected.problems, report)
        console.err.print(render_problems(rejected.problems))
        raise fail(f"未写入任何数据。错误报告：{report}") from rejected
    for sheet, count in written.items():
        if count:
            console.out.print(f"{sheet}：{count}行")
    console.out.print("导入完成。")


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="输出 .xlsx 文件或 CSV 文件夹 · output path")],
    csv: Annotated[bool, typer.Option("--csv", help="导出为 CSV 文件夹 · CSV folder")] = False,
) -> None:
    """导出全部数据（与导入格式相同） · Export every record in the import format."""
    with open_store().transaction() as session:
        if csv:
            export_csv(session, out)
        else:
            export_workbook(session, out)
    console.out.print(f"已导出：{out}")


@app.command()
def template(
    out: Annotated[Path, typer.Option(help="模板文件 .xlsx · template path")] = Path(
        "techzone-导入模板.xlsx"
    ),
) -> None:
    """生成带填表说明的空白导入模板 · Write an empty, documented import template."""
    write_template(out)
    console.out.print(f"导入模板：{out}")


schema_app = typer.Typer(help="数据格式说明 · schemas of techzone's files", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("profile")
def schema_profile() -> None:
    """企业画像文件的 JSON Schema · JSON Schema of the profile file."""
    console.out.print_json(
        json.dumps(profile_schema(rule_packs().declarations), ensure_ascii=False)
    )


@app.command()
def assess(
    uscc: Annotated[
        str | None, typer.Argument(help="已入库企业的统一社会信用代码 · a stored enterprise")
    ] = None,
    profile: Annotated[
        Path | None, typer.Option(help="企业画像 JSON 文件 · a profile file")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="评估全部企业 · every enterprise")] = False,
    zone: ZoneOpt = None,
    as_of: AsOf = None,
    review: Annotated[
        bool, typer.Option(help="按复核规则（如小巨人复核） · judge as a re-review")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="输出 JSON 追溯记录 · JSON trace")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="全部评估结果 .xlsx 或 .parquet · output for --all")
    ] = None,
) -> None:
    """资质评估：是否符合、差在哪里、缺什么数据 · Assess qualifications, explain, name gaps."""
    chosen = [uscc is not None, profile is not None, all_]
    if sum(chosen) != 1:
        raise fail("请指定且只指定一个：统一社会信用代码、--profile 文件或 --all")
    packs, day = rule_packs(), day_option(as_of)
    if all_:
        if out is None or out.suffix.lower() not in (".xlsx", ".parquet"):
            raise fail("--all 需要 --out 文件名，后缀为 .xlsx 或 .parquet")
        with open_store().transaction() as session:
            try:
                assessor, evaluated = assess_all(session, packs, day, zone, review)
            except UnknownZone as error:
                raise fail(str(error)) from error
            require_data(session)
        write_assessment(assessor, assessor.verdicts(evaluated), out)
        console.out.print(f"已评估{evaluated.height}家企业 → {out}")
        return
    if profile is not None:
        try:
            trace = assess_profile(packs, read_profile(profile), day, review)
        except ProfileError as error:
            raise fail(str(error)) from error
    else:
        assert uscc is not None
        with open_store().transaction() as session:
            try:
                trace = assess_enterprise(session, packs, uscc.strip().upper(), day, review)
            except UnknownEnterprise as error:
                raise fail(str(error)) from error
            require_data(session)
    if as_json:
        typer.echo(json.dumps(trace, ensure_ascii=False, indent=2, default=str))
    else:
        console.show_assessment(trace)


PlanningShare = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, help="上限类奖补按上限的多少列入规划 · share of caps planned (0–1)"
    ),
]


def _catalogue() -> Catalogue:
    try:
        return load_catalogue()
    except PackError as error:
        raise fail(str(error), code=2) from error


@app.command()
def policies(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
) -> None:
    """政策清单：每一条款及其出处 · Every policy clause with its source."""
    listing = _catalogue().listing()
    if as_json:
        typer.echo(json.dumps(listing, ensure_ascii=False, indent=2))
    else:
        console.show_policies(listing)


@app.command()
def awards(
    uscc: Annotated[str | None, typer.Argument(help="已入库企业 · a stored enterprise")] = None,
    profile: Annotated[Path | None, typer.Option(help="企业画像 JSON · a profile file")] = None,
    all_: Annotated[bool, typer.Option("--all", help="全部企业 · every enterprise")] = False,
    zone: ZoneOpt = None,
    year: Annotated[int, typer.Option(help="事件与认定所在年度 · the year of the events")] = 2025,
    planning_share: PlanningShare = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
    out: Annotated[Path | None, typer.Option(help="奖补明细与预算 .xlsx · workbook")] = None,
    record: Annotated[
        bool, typer.Option(help="记入奖补台账（按编号更新，不重复） · record in the ledger")
    ] = False,
) -> None:
    """奖补测算：谁得多少、由谁出、依据哪条 · Entitlements: who gets what, from whom, why."""
    if sum([uscc is not None, profile is not None, all_]) != 1:
        raise fail("请指定且只指定一个：统一社会信用代码、--profile 文件或 --all")
    catalogue, settings = _catalogue(), Settings(planning_share)
    if profile is not None:
        try:
            records = profile_records(read_profile(profile), rule_packs().declarations)
        except ProfileError as error:
            raise fail(str(error)) from error
        found = entitlements(catalogue, records, year, settings)
    else:
        store = open_store()
        with store.transaction() as session:
            try:
                records = read_records(
                    session, zone=zone, uscc=uscc.strip().upper() if uscc else None
                )
            except (UnknownZone, UnknownEnterprise) as error:
                raise fail(str(error)) from error
            require_data(session)
            found = entitlements(catalogue, records, year, settings)
            if record:
                held = ledger.record(session, found, year)
                console.out.print(f"已记入奖补台账：{year}年共{held}条")
    if out is not None:
        write_budget(budget(catalogue, rule_packs(), records, year, settings, 0.0), out)
        console.out.print(f"奖补明细：{out}")
    explained = [explain(catalogue, row, year) for row in found.iter_rows(named=True)]
    if as_json:
        typer.echo(
            json.dumps(
                {"year": year, "entitlements": explained}, ensure_ascii=False, indent=2, default=str
            )
        )
    elif all_:
        detailed = lines(catalogue, found, records)
        by = {"policy": totals(detailed, "title"), "payer": totals(detailed, "payer")}
        console.show_award_totals(year, by, detailed)
        if out is None:
            console.out.print(
                "逐企业、逐笔的明细（企业名称、统一社会信用代码、金额到分）请加 --out 文件名.xlsx。"
            )
    else:
        console.show_entitlements(explained, settings.describe(), _whose(records))


def _whose(records: Records) -> str:
    """The enterprise a single-enterprise view is about: 名称（统一社会信用代码）."""
    enterprises = records.enterprises
    if enterprises.height != 1:
        return "企业画像"
    row = enterprises.row(0, named=True)
    return f"{row['name']}（{row['uscc']}）"


@app.command("budget")
def budget_(
    year: Annotated[int, typer.Option(help="预算年度 · budget year")] = 2025,
    zone: ZoneOpt = None,
    planning_share: PlanningShare = 1.0,
    probability: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="候选企业次年获认定的假设概率 · assumed recognition rate"
        ),
    ] = 0.5,
    out: Annotated[Path | None, typer.Option(help="预算工作簿 .xlsx · workbook")] = None,
) -> None:
    """奖补预算：按政策、出资层级、园区、领域汇总，预测次年 · Award budget and forecast."""
    catalogue, settings = _catalogue(), Settings(planning_share)
    with open_store().transaction() as session:
        try:
            records = read_records(session, zone=zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    result = budget(catalogue, rule_packs(), records, year, settings, probability)
    console.show_budget(result)
    if out is not None:
        write_budget(result, out)
        console.out.print(f"预算工作簿：{out}")


@app.command()
def reform(
    patch: Annotated[Path, typer.Argument(help="改革方案 JSON 或 .xlsx · a parameter patch")],
    year: Annotated[int, typer.Option(help="测算年度 · year")] = 2025,
    zone: ZoneOpt = None,
    planning_share: PlanningShare = 1.0,
    out: Annotated[Path | None, typer.Option(help="对比工作簿 .xlsx · workbook")] = None,
) -> None:
    """政策改革测算：基线与改革对比、谁受益 · Reform beside the baseline: cost and who gains."""
    catalogue = _catalogue()
    if not patch.exists():
        raise fail(f"文件不存在：{patch}")
    try:
        change = read_reform(patch, catalogue)
    except ReformRejected as error:
        raise fail(str(error)) from error
    with open_store().transaction() as session:
        try:
            records = read_records(session, zone=zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    comparison = compare(catalogue, records, year, change, Settings(planning_share))
    console.show_reform(comparison)
    if out is not None:
        write_reform(comparison, out)
        console.out.print(f"对比工作簿：{out}")


register_cultivation(app)
register_zones(app)


@app.command()
def extract(
    file: Annotated[
        Path, typer.Argument(help="政策文件 .txt、.docx 或文字版 .pdf · a policy document")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
    pack: Annotated[
        Path | None, typer.Option("--pack", help="草稿政策包 .yaml · draft policy pack")
    ] = None,
    review: Annotated[
        Path | None, typer.Option("--review", help="复核表 .xlsx · review table")
    ] = None,
) -> None:
    """提取奖补条款，生成待复核的政策包草稿 · Extract reward clauses into a draft pack."""
    if pack is not None and pack.suffix.lower() not in (".yaml", ".yml"):
        raise fail("--pack 的后缀须为 .yaml")
    if review is not None and review.suffix.lower() != ".xlsx":
        raise fail("--review 的后缀须为 .xlsx")
    try:
        extraction = extract_file(file)
    except UnreadableDocument as error:
        raise fail(str(error)) from error
    notices = console.err if as_json else console.out
    if pack is not None:
        write_draft_pack(extraction, pack)
        notices.print(f"草稿政策包（全部待复核）：{pack}")
    if review is not None:
        write_review(extraction, review)
        notices.print(f"复核表：{review}")
    if as_json:
        typer.echo(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
    elif pack is None and review is None:
        console.show_extraction(extraction)


if __name__ == "__main__":
    app()
