"""What a reward is for and to whom: the condition phrase and the beneficiary it names.

The condition is the clause's words before the award phrase, from its last 对 (对…的企业):
"对技术转移机构促成科技成果转化项目的". The beneficiary is the last recipient noun named in it.
"""

from __future__ import annotations

import re

from techzone.rules.policy import Beneficiary

# Words that start the award itself; the condition stops before them.
AWARD_START = re.compile(
    r",由|给予|按照|分别|最高|一次性|每(?:项|家|件|人|个|月|平)|提供|奖励|奖补|补助|补贴"
)
# 对 as "for": not 对接, 对于, 对外, 对标, 对照, 对象, 针对, 相对, 面对, 核对, 绝对, 应对.
CONDITION_START = re.compile(r"(?<![针相面核绝应])对(?![接于外标照象手比])")
RECIPIENTS = re.compile(
    r"第一完成单位|主要完成单位|完成单位|企事业单位|科研机构|研发机构|技术转移机构|服务机构|金融机构"
    r"|孵化器|众创空间|高新区|园区|银行|高校|院所|企业|单位|机构|毕业生|人才|团队|个人|专家"
)
BENEFICIARY_KINDS: dict[str, Beneficiary] = {
    "银行": "bank",
    "金融机构": "bank",
    "高新区": "zone",
    "园区": "zone",
    "毕业生": "person",
    "人才": "person",
    "团队": "person",
    "个人": "person",
    "专家": "person",
    "科研机构": "institution",
    "研发机构": "institution",
    "技术转移机构": "institution",
    "服务机构": "institution",
    "高校": "institution",
    "院所": "institution",
}
TRIM = " \t\r\n,;:、"


def condition(text: str, start: int, end: int) -> str:
    """The condition phrase in ``text[start:end]`` (the clause before the award phrase)."""
    region = text[start:end]
    opened = [match.start() for match in CONDITION_START.finditer(region)]
    if opened:
        region = region[opened[-1] :]
    cut = AWARD_START.search(region)
    if cut is not None and region[: cut.start()].strip(TRIM):
        region = region[: cut.start()]
    return re.sub(r"\s+", "", region.strip(TRIM))


def beneficiary(phrase: str) -> str | None:
    """The recipient the condition names last: 主要完成单位, 企业, 银行 … or None."""
    named = list(RECIPIENTS.finditer(phrase))
    return named[-1].group() if named else None


def beneficiary_kind(named: str | None) -> Beneficiary:
    """The policy pack's beneficiary for a named recipient (an enterprise unless told)."""
    return BENEFICIARY_KINDS.get(named or "", "enterprise")
