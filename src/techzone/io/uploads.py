"""Uploaded files, checked before anything reads them: a size limit, and a workbook's zip members
may not expand beyond a bound (a "zip bomb" is a small file that decompresses to gigabytes).

The bound is counted on the bytes actually decompressed, not on the sizes the archive declares
(which it may lie about); reading stops as soon as the bound is passed.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A 20 MB workbook of plain rows expands about tenfold; a bound well above that refuses only
# archives built to expand.
MAX_EXPANDED_BYTES = 400 * 1024 * 1024
MAX_MEMBERS = 10_000
SUFFIXES = (".xlsx", ".csv")
_CHUNK = 1024 * 1024


class UploadRejected(ValueError):
    """An upload refused before it was read, with the reason in Chinese."""


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_upload(path: Path, *, limit: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse ``path`` (an uploaded .xlsx or .csv) that is too large, of another kind, or an
    archive that expands beyond ``MAX_EXPANDED_BYTES``."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRejected("只能上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）")
    size = path.stat().st_size
    if size > limit:
        raise UploadRejected(f"文件大小超过上限 {_mb(limit)}，请分批导入")
    if size == 0:
        raise UploadRejected("上传的文件是空的")
    if suffix == ".xlsx":
        _check_archive(path)


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise UploadRejected("工作簿内部文件过多，不是正常的 Excel 工作簿")
            expanded = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > MAX_EXPANDED_BYTES:
                            raise UploadRejected(
                                f"工作簿解压后超过 {_mb(MAX_EXPANDED_BYTES)}，已拒绝"
                                "（可能是恶意构造的压缩文件）"
                            )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
        raise UploadRejected("文件不是有效的 Excel 工作簿（.xlsx），可能已损坏") from e
    except RuntimeError as e:  # an encrypted member
        raise UploadRejected("工作簿已加密，请先取消密码保护") from e
