"""The fulfilment commands over a demo register: thin, Chinese, nothing written on refusal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from techzone.cli import app
from techzone.fulfilment import clock
from tests.test_officer_text import _document_text, _stray, _workbook_text

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_the_loop_from_the_command_line(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The officer works through March 2026: a notice is published on the day it is recorded.
    day = [date(2026, 3, 2)]
    monkeypatch.setattr(clock, "today", lambda: day[0])
    assert _run("demo", "--enterprises", "60", "--seed", "3")[0] == 0
    code, said = _run("cases", "sync", "--year", "2025", "--date", "2026-03-02")
    assert code == 0 and "兑现案件：新建" in said
    code, again = _run("cases", "sync", "--year", "2025", "--date", "2026-03-02")
    assert code == 0 and "新建0件，变更0件" in again
    code, said = _run("cases", "notify", "--date", "2026-03-27")
    assert code == 0 and "期限提醒" in said and "未配置邮件服务器" in said
    code, listed = _run("cases", "list", "--json")
    rows = json.loads(listed)
    auto = next(r for r in rows if r["track"] == "免申即享")
    number = str(auto["id"])
    code, refused = _run("cases", "advance", number, "approve")
    assert code == 1 and "不在审核中" in refused
    assert (
        _run(
            "cases",
            "advance",
            number,
            "confirm",
            "--bank",
            "中国银行",
            "--account",
            "62166100000012345",
        )[0]
        == 0
    )
    for _ in range(3):
        code, said = _run("cases", "advance", number, "approve", "--date", "2026-03-02")
        assert code == 0, said
    assert "待公示" in said
    docx = tmp_path / "公示.docx"
    # A notice names who receives objections, and runs at least its policies' period: refused
    # otherwise, the file not written and the case still waiting.
    contact = ("--contact-unit", "白银高新区管委会科技发展局", "--contact-phone", "0943-1234567")
    publish = ("notice", "publish", "--date", "2026-03-02", "--out", str(docx))
    code, refused = _run(*publish)
    assert code == 1 and "请填写异议受理单位" in refused
    code, refused = _run(*publish, "--contact-unit", "科技发展局", "--contact-phone", "12")
    assert code == 1 and "不像电话号码" in refused
    code, refused = _run(*publish, *contact, "--days", "4")
    assert code == 1 and "公示期不能短于" in refused and "按本区默认公示5个工作日" in refused
    assert not docx.exists() and "审核通过待公示" in _run("cases", "show", number)[1]
    code, said = _run(*publish, *contact, "--days", "5")
    assert code == 0 and docx.exists() and "至2026-03-09" in said
    assert "异议受理单位：白银高新区管委会科技发展局；联系电话：0943-1234567" in said.replace(
        "\n", ""
    )
    assert any("联系电话：0943-1234567" in text for text in _document_text(docx))
    notice = said.split("已发布")[1].split("：")[0]
    day[0] = date(2026, 3, 10)
    assert _run("notice", "close", notice, "--date", "2026-03-09")[0] == 1
    assert _run("notice", "close", notice, "--date", "2026-03-10")[0] == 0
    code, shown = _run("cases", "show", number)
    assert code == 0 and "待支付" in shown and "公示期满无异议" in shown
    payer = {"省级": "province", "高新区": "zone", "市级": "city"}[auto["payer"]]
    out = tmp_path / "batch.xlsx"
    code, said = _run("payments", "export", "--payer", payer, "--out", str(out))
    assert code == 0 and out.exists(), said
    # Out of the batch only once the finance office is known not to have paid it.
    code, said = _run("payments", "withdraw", number, "--reason", "核对账号")
    assert code == 1 and "尚未支付" in said
    assert "支付中" in _run("cases", "show", number)[1]
    # What officers read carries no developer words: the list, the notice, the batch.
    code, table = _run("cases", "list")
    read = [table, *_document_text(docx), *_workbook_text(out)]
    assert [word for text in read for word in _stray(text)] == []
    # The finance office's returned sheet; the confirmation of a payment at the approved amount
    # after a lower recomputation changes nothing for a case whose ledger did not change.
    from openpyxl import Workbook, load_workbook

    batch = [list(row) for row in load_workbook(out).active.iter_rows(values_only=True)]
    amount = next(row for row in batch if str(row[1]) == number)[batch[0].index("金额（元）")]
    sheet = Workbook()
    rows = sheet.active
    assert rows is not None
    rows.append(["案件编号", "金额（元）", "支付日期", "凭证号"])
    rows.append([number, amount, "2026-03-10", "PZ-1"])
    returned = tmp_path / "回单.xlsx"
    sheet.save(returned)
    code, said = _run("payments", "import", str(returned), "--overpaid")
    assert code == 0 and "已登记支付1条" in said and "追回" not in said, said
    assert "已支付" in _run("cases", "show", number)[1]
    # Part of it recovered, from the command line as from the case page.
    code, said = _run("cases", "recover", number, "--reason", "资格被撤销", "--amount", "1,0")
    assert code == 1 and "千位分隔符" in said
    code, said = _run("cases", "recover", number, "--reason", "资格被撤销", "--amount", "1,000")
    assert code == 0 and f"案件 {number} 已启动追回1,000.00元，已通知企业" in said, said
    repay = ("cases", "repay", number, "--voucher", "TH-1", "--date", "2026-03-10")
    code, said = _run(*repay, "--amount", "1000.01")
    assert code == 1 and "超过应追回的1,000.00元" in said
    code, said = _run(*repay, "--amount", "1000")
    assert code == 0 and "已全部追回" in said, said
    assert "已追回" in _run("cases", "show", number)[1]
    code, said = _run(
        "funds", "set", "baiyin_policy_list.tech_transfer", "--budget", "abc", "--payer", "zone"
    )
    assert code == 1 and "不是数字" in said
    pool = ("funds", "set", "baiyin_policy_list.tech_transfer", "--budget", "300000")
    # A zone-paid pool is one zone's: the register names which.
    code, said = _run(*pool, "--payer", "zone")
    assert code == 1 and "出资单位" in said
    assert _run(*pool, "--payer", "zone", "--owner", "GS-BY")[0] == 0
    code, said = _run("funds", "status", "--year", "2026", "--by", "policy")
    assert code == 0 and "300,000.00" in said


def test_every_action_the_help_names_is_accepted() -> None:
    """`cases advance --help` says 确认、放弃、通过、退回、不予支持、解除暂缓: an officer
    typing a word the help gave was refused ("办理事项「通过」不存在") — each word must reach
    its action (blind3)."""
    from techzone.cli.fulfilment import ACTIONS, _choice, advance

    named = (advance.__doc__ or "").split("：", 1)[1].split(" · ")[0].split("、")
    assert named == ["确认", "放弃", "通过", "退回", "不予支持", "解除暂缓"]
    codes = [_choice(word, ACTIONS, "办理事项") for word in named]
    assert codes == ["confirm", "decline", "approve", "return", "reject", "release"]
