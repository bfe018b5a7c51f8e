"""Page furniture: what a web page or PDF puts around a document that is not the document.

Site menus and breadcrumbs, keyword bars (关键词：…), unfilled template fields ({{title}},
[!--newstext--], ${content}), "上一篇/下一篇", copyright and ICP lines, contact lines and
advertisements with phone numbers. A money phrase on such a line ("高企申报补贴最高50万元，欢迎
电联") is an advert, never a clause. Only short lines count, and never one worded as a policy
(对…的，给予…): a paragraph that happens to give a phone number is still the document.
"""

from __future__ import annotations

import re

FURNITURE_WORDS = re.compile(
    r"当前位置|您的位置|首页\s*>|上一篇|下一篇|本文地址|本文标题|版权所有|Copyright|ICP备|公网安备"
    r"|联系QQ|QQ[:：]|邮箱|咨询热线|投资咨询|电话咨询|在线咨询|电话沟通|联系电话|咨询电话|电联|客服|免费下载"
    r"|点击[:：]|栏\s*目[:：]|访问量|访客数|欢迎来到|同微信|私聊|扫码|扫一扫|关注公众号|分享到"
    r"|打印本页|关闭窗口|字号|相关链接|地址[:：]|邮编|传真|第\s*\d+\s*页|共\s*\d+\s*页"
    # keyword bars, site navigation and re-hosted pages' unfilled template fields
    r"|关键词|关键字|主题词|标签[:：]|网站地图|无障碍|^\s*首页|(?:[^|]{1,10}\|){3,}"
    r"|\{\{.*?\}\}|\$\{.*?\}|\{\$.*?\}|\[!--.*?--\]|<!--.*?-->|\$[A-Za-z_]+\$"
    # an attached file's name (附件：1.…申请表.docx) is another file's title, never a clause
    r"|\.(?:docx?|wps|pdf|xlsx?|et|zip|rar)\s*$",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[48]00-?\d{3}-?\d{4})(?!\d)")
SHORT_LINE = 120
POLICY_WORDING = re.compile(r"对[^。;；]{2,60}?(?:给予|奖励|奖补|补助|补贴|资助)")


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the lines of ``text`` that are page furniture."""
    spans = []
    start = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= SHORT_LINE and is_furniture(stripped):
            spans.append((start, start + len(line)))
        start += len(line)
    return spans


def is_furniture(line: str) -> bool:
    if POLICY_WORDING.search(line):
        return False
    return FURNITURE_WORDS.search(line) is not None or PHONE.search(line) is not None
