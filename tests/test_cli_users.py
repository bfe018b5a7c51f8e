"""``techzone user …`` and ``techzone demo --accounts`` on a demo data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from techzone.access import Role
from techzone.accounts import authenticate
from techzone.cli import app
from techzone.model import AuditEntry
from techzone.store import open_store
from tests.support_accounts import cheap_hashing

runner = CliRunner()


@pytest.fixture(autouse=True)
def _cheap() -> None:
    cheap_hashing()


@pytest.fixture
def demo(data_dir: Path) -> Path:
    result = runner.invoke(app, ["demo", "--enterprises", "12", "--seed", "3", "--accounts"])
    assert result.exit_code == 0, result.output
    return data_dir


def _logs_in(username: str, password: str) -> bool:
    from datetime import UTC, datetime

    with open_store().transaction() as session:
        outcome = authenticate(session, username, password, now=datetime.now(UTC), source="t")
        return outcome.account is not None


def test_demo_accounts_are_printed_and_work(demo: Path) -> None:
    again = runner.invoke(app, ["demo", "--enterprises", "12", "--seed", "3", "--accounts"])
    assert again.exit_code == 0
    for role in Role:
        assert (
            f"{role.label}：用户名 demo-{role.value}  密码 demo-{role.value}-2026" in again.output
        )
        assert _logs_in(f"demo-{role.value}", f"demo-{role.value}-2026")


def test_demo_without_the_flag_makes_no_accounts(data_dir: Path) -> None:
    result = runner.invoke(app, ["demo", "--enterprises", "5", "--seed", "3"])
    assert result.exit_code == 0 and "示范账号" not in result.output
    listed = runner.invoke(app, ["user", "list"])
    assert "共0个" in listed.output


def test_add_with_a_chinese_role_and_the_password_on_stdin(demo: Path) -> None:
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "wang",
            "--role",
            "园区专员",
            "--zone",
            "GS-BY",
            "--park",
            "HX",
            "--password-stdin",
        ],
        input="wang-password-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "已新建账号「wang」（园区专员）" in result.output
    assert _logs_in("wang", "wang-password-1")
    listed = runner.invoke(app, ["user", "list"])
    assert "共6个" in listed.output and "wang" in listed.output


def test_add_refusals_are_one_chinese_line(demo: Path) -> None:
    bad_role = runner.invoke(
        app, ["user", "add", "li", "--role", "超级用户", "--password", "x" * 10]
    )
    assert bad_role.exit_code == 2 and "没有「超级用户」这种角色" in bad_role.output
    no_zone = runner.invoke(app, ["user", "add", "li", "--role", "zone", "--password", "x" * 10])
    assert no_zone.exit_code == 1 and "必须指定高新区代码" in no_zone.output
    assert "Traceback" not in no_zone.output
    no_tty = runner.invoke(app, ["user", "add", "li", "--role", "zone", "--zone", "GS-BY"])
    assert no_tty.exit_code == 2 and "--password-stdin" in no_tty.output


def test_disable_enable_and_reset(demo: Path) -> None:
    assert runner.invoke(app, ["user", "disable", "demo-zone", "--reason", "调岗"]).exit_code == 0
    assert not _logs_in("demo-zone", "demo-zone-2026")
    assert "已停用" in runner.invoke(app, ["user", "list"]).output
    assert runner.invoke(app, ["user", "enable", "demo-zone"]).exit_code == 0
    reset = runner.invoke(
        app, ["user", "reset", "demo-zone", "--password-stdin"], input="brand-new-pass\n"
    )
    assert reset.exit_code == 0, reset.output
    assert _logs_in("demo-zone", "brand-new-pass")
    missing = runner.invoke(app, ["user", "disable", "nobody"])
    assert missing.exit_code == 1 and "没有用户名为「nobody」的账号" in missing.output
    with open_store().transaction() as session:
        actions = set(
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_key == "demo-zone"))
        )
        reason = session.scalar(
            select(AuditEntry.reason).where(AuditEntry.action == "account.disable")
        )
        actors = set(
            session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "account.disable"))
        )
    assert {"account.disable", "account.enable", "account.reset_password"} <= actions
    assert reason == "调岗"
    assert all(actor.startswith("命令行:") for actor in actors)


def test_serve_is_registered() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output


def test_list_says_when_addresses_are_locked_out(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from techzone.accounts import MAX_FAILED_LOGINS
    from techzone.cli import console

    # The console was sized when first imported (COLUMNS below comes too late for it in a
    # worker that ran other tests first): wide, so the row is one line.
    monkeypatch.setattr(console.out, "_width", 200)

    with open_store().transaction() as session:
        for source in ("198.51.100.7", "203.0.113.9"):
            for _ in range(MAX_FAILED_LOGINS):
                authenticate(session, "demo-park", "wrong", now=datetime.now(UTC), source=source)
    listed = runner.invoke(app, ["user", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "demo-park" in line)
    assert "2个地址已锁定至" in row
    assert all("锁定" not in line for line in listed.output.splitlines() if "demo-zone" in line)
