"""企业自评 by uploading the import template's enterprise sheets: the same result as the form,
the form filled from the file, nothing stored; bad files refused in Chinese as on the import
page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import func, select

from techzone.model import AuditEntry, Enterprise, YearlyFigures
from techzone.store import Store
from tests.io import factory
from tests.io.factory import write_xlsx
from tests.io.test_profile_file import NUMBER, _book
from tests.web.conftest import SessionClient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URL = "/self-assessment/upload"


def _post(client: SessionClient, content: bytes, name: str = "企业.xlsx") -> Any:
    return client.post(URL, files={"file": (name, content, XLSX)})


def _counts(store: Store) -> tuple[int, ...]:
    with store.transaction() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Enterprise, YearlyFigures, AuditEntry)
        )


def test_an_uploaded_enterprise_is_assessed_and_nothing_is_stored(
    anonymous: SessionClient, web_store: Store, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "企业.xlsx", _book())
    before = _counts(web_store)
    answer = _post(anonymous, path.read_bytes())
    assert answer.status_code == 200, answer.text
    assert "各项资质" in answer.text and "可能获得的奖补" in answer.text
    assert "已按上传的文件「企业.xlsx」评估（未保存）" in answer.text
    name = _book()["企业"][0]["企业名称"]
    assert f'value="{name}"' in answer.text  # the form filled from the file, to go on from
    assert _counts(web_store) == before
    with web_store.transaction() as session:
        stored = session.scalar(
            select(Enterprise.id).where(Enterprise.uscc == factory.uscc(NUMBER))
        )
    assert stored is None


def test_the_upload_and_the_api_give_the_same_verdicts(
    anonymous: SessionClient, tmp_path: Path
) -> None:
    from techzone.io.profile_file import read_profile_file

    path = write_xlsx(tmp_path / "企业.xlsx", _book())
    profile = read_profile_file(path, factory.declared())
    api = anonymous.post(
        "/api/v1/self-assessment",
        content=profile.model_dump_json(exclude_none=True),
        headers={"Content-Type": "application/json"},
    ).json()
    summary = api["summary"]
    page = _post(anonymous, path.read_bytes()).text
    assert (
        f"符合 {summary['符合']} 项，不符合 {summary['不符合']} 项，待定 {summary['待定']} 项"
        in page
    )


def test_a_bad_row_is_listed_by_sheet_row_and_column(
    anonymous: SessionClient, tmp_path: Path
) -> None:
    book = _book()
    book["企业"][0]["成立日期"] = "不是日期"
    answer = _post(anonymous, write_xlsx(tmp_path / "企业.xlsx", book).read_bytes())
    assert answer.status_code == 422
    assert "未能评估，请改正后重新上传" in answer.text
    assert "<td>企业</td><td>2</td><td>成立日期</td><td>不是日期</td>" in answer.text


def test_two_enterprises_are_refused(anonymous: SessionClient, tmp_path: Path) -> None:
    answer = _post(anonymous, write_xlsx(tmp_path / "两家.xlsx", factory.sample(2)).read_bytes())
    assert answer.status_code == 422 and "自评一次评一家企业" in answer.text


def test_bad_files_are_refused_in_chinese(anonymous: SessionClient) -> None:
    wrong = _post(anonymous, b"MZ\x90\x00", name="run.exe")
    assert wrong.status_code == 422 and "只接受" in wrong.text
    broken = _post(anonymous, b"not a zip at all")
    assert broken.status_code == 422 and "文件已损坏" in broken.text
    empty = _post(anonymous, b"")
    assert empty.status_code == 422 and "是空的" in empty.text
    huge = _post(anonymous, b"0" * (3 * 1024 * 1024))
    assert huge.status_code == 413 and "上传的文件超过上限 2 MB" in huge.text
    none = anonymous.post(URL, data={"x": "1"})
    assert none.status_code == 422 and "请选择要上传的文件" in none.text


def test_the_template_is_offered_to_everyone(anonymous: SessionClient) -> None:
    page = anonymous.get("/self-assessment")
    assert 'href="/self-assessment/template.xlsx"' in page.text
    answer = anonymous.get("/self-assessment/template.xlsx")
    assert answer.status_code == 200
    from io import BytesIO

    assert "企业" in load_workbook(BytesIO(answer.content), read_only=True).sheetnames
