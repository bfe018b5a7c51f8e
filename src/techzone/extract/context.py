"""What a reward is for and to whom: the condition phrase and the beneficiary it names.

The condition is the clause's words before the award phrase, from its last 对 (对…的企业):
"对技术转移机构促成科技成果转化项目的". The beneficiary is the last recipient noun named in it.
"""

from __future__ import annotations

import re

from techzone.extract.grammar import rule
from techzone.rules.policy import Beneficiary

# Words that start the award itself; the condition stops before them.
AWARD_START = re.compile(
    # 一次性 opens the award only before the award's words (一次性给予), not 一次性引进.
    # 最高 as a ceiling, not 国家最高科学技术奖 or 最高学历 (who is paid)
    # ,按规定直接面向…的设施: by the rules, the case goes on — not the award's standard — unless
    # the rules lead straight to the award (,按规定对企业缴纳的…给予社会保险补贴)
    r",由|,按(?!(?:照)?(?:有关)?规定(?!对|给予|予以|享受|发放))"
    r"|给予|按照(?!(?:有关)?规定(?!对|给予|予以|享受|发放))|分别|最高(?!科学技术奖|学历|学位|人民|水平|层次|荣誉)|一次性(?=给予|奖励|奖补|补助|补贴|资助|发放|\d)"
    # 一次性安家补助100万元, 每年发放12万元人才津贴: the award's own words, after a first award
    r"|一次性(?=[\u4e00-\u9fff]{1,4}(?:补助|补贴|奖励|资助|津贴))|每年(?=发放|给予)"
    # 提供 opens an award (提供3万元…), not a qualifier that ends with 的 (为企业提供…服务的,)
    # …nor one naming its recipient after that 的 (对提供高质量数据集的主体,)
    # …nor one naming a service its provider gives (提供生活照料、康复护理等服务的区级设施)
    r"|每(?:项|家|件|人|个|月|平)|提供(?![^,;。]*的[\u4e00-\u9fff]{0,6}\s*,)(?![^,;。\d]*服务的)"
    # 对获得省级以上科技奖励的企业: an award the subject already won, named inside the condition;
    # 实施分段补贴办法,首次创办…的: the name of a measure, not the award
    r"|(?:奖励|奖补|补助|补贴)(?!的|称号|项目|办法|政策|制度|机制)"
    # 前十名的村各奖励30万元: 各 belongs to the award (each of them), not to who is paid
    r"|各(?=(?:一次性)?(?:奖励|奖补|补助|补贴|资助|给予))"
    # 扶持12%, 分别扶持5000万: 扶持 right before its figure is the award's own word
    r"|扶持(?=\s*(?:\d|$))"
)
# 对 as "for": not 对接, 对于, 对外, 对标, 对照, 对象, 对应, 对口,
# nor 针对, 相对, 面对, 核对, 绝对, 应对.
TITLE = re.compile(r"\s*《[^》]*》")
BASIS_LEAD = rule("basis_lead")
BASIS_ONLY = rule("basis_only")
BASE_OF_AWARD = rule("base_of_award")
LIST_LEAD = rule("list_lead")
AWARD_TAIL = re.compile(
    r"的?[\u4e00-\u9fff]{0,6}?(?:奖励|奖补|补助|补贴|资助|经费|支持)(?:资金)?\s*[,;、]"
)
ITEM_NUMBER = re.compile(
    r"(?:第[一二三四五六七八九十百\d]+条|\([一二三四五六七八九十\d]{1,3}\)|\d{1,3}[.、](?!\d)"
    r"|[一二三四五六七八九十]{1,3}、)\s*"
)
# An aside with a case of its own: a comma and an award word inside (…,不再给予资助); not one
# that only qualifies the condition (2015年发生的研发费用,2016年申报的).
# Not 给予 alone: (…签订两年以上劳动合同,稳定就业一年以上且给予正常待遇) qualifies who is hired.
ASIDE = re.compile(r"\([^()]*,[^()]*(?:资助|奖励|补助|补贴|奖补)[^()]*\)")
# A sentence that only announces an award (对…的旅行社进行奖励。) lends its condition to the
# next sentence, whose own words name nobody (每满一万人奖励一万元).
ANNOUNCED = re.compile(r"(?:进行|给予|予以)(?:奖励|奖补|补助|补贴|资助|支持)[。.;]?\s*$")
# 补贴测算: a field's label (a page listing each subsidy's 政策内容, 文件依据, 补贴测算 line
# by line): the condition is read after it, never from the field above — that line ends
# without punctuation, so the reader has joined it to this one.
FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{2,4}(?:测算|内容|依据|标准|条件|待遇)\s*:")
# Nor a 对 inside a condition joined by 且/或 (…目录,且对我区发展贡献最大的10家企业): the
# condition runs on from the words before it.
CONDITION_START = re.compile(r"(?<![针相面核绝应且或])对(?![接于外标照象手比应口])")
RECIPIENTS = re.compile(
    r"第一完成单位|主要完成单位|完成单位|企事业单位|科研机构|研发机构|技术转移机构|服务机构|金融机构"
    r"|孵化器|众创空间|高新区|园区|银行|高校|院所|企业|单位|中介组织|机构|毕业生|人才|团队|个人|专家"
    r"|研究中心|技术中心|创新中心|实验室|研究院|博士研究生|博士后|博士|研究生|人员|院士"
    # talent and farm policies pay these too: 技能大师工作室, 院士专家工作站, 合作社, 家庭农场
    r"|工作室|工作站|合作社|家庭农场|农民|渔民"
)
# 经认定为省级孵化器的: the verb that made it so is the trigger, the noun after it the subject.
LEAD_VERB = re.compile(r"(?:经|被|首次)?(?:认定为|评定为|评为|获评为?|获批为?|批准为|列为|入选为?)")
# 高校、科研院所: recipients listed with 、 are paid alike.
LISTED = re.compile(r"、[\u4e00-\u9fff]{0,4}")
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
    "博士研究生": "person",
    "博士后": "person",
    "博士": "person",
    "研究生": "person",
    "人员": "person",
    "科研机构": "institution",
    "研发机构": "institution",
    "技术转移机构": "institution",
    "服务机构": "institution",
    "中介组织": "institution",
    "高校": "institution",
    "院所": "institution",
}
TRIM = " \t\r\n,;:、"


def condition(text: str, start: int, end: int) -> str:
    """The condition phrase in ``text[start:end]`` (the clause before the award phrase)."""
    first, last = condition_span(text, start, end)
    return re.sub(r"\s+", "", text[first:last])


def condition_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the condition phrase lies in ``text[start:end]``: from its last 对 to the award."""
    for label in (*FIELD_LABEL.finditer(text, start, end), *LIST_LEAD.finditer(text, start, end)):
        award = AWARD_START.search(text, label.end(), end)
        if text[label.end() : award.start() if award else end].strip(TRIM):
            start = max(start, label.end())
    # Not a 对 naming a rate's base (对超基数部分), nor one inside an aside ((含…对本区的经济贡献)).
    opened = [
        match.start()
        for match in CONDITION_START.finditer(text, start, end)
        if not BASE_OF_AWARD.match(text, match.start())
        and not _in_aside(text, start, match.start())
    ]
    if opened:
        start = opened[-1]
    # A measure's name quoted first (《…补贴暂行办法》企业每认定…) is not the condition, and the
    # award words inside it do not end the condition.
    # ,和每年8万元的生活补助,出站后…的,给予: the previous award's own noun is not a condition
    tail = AWARD_TAIL.match(text, start, end)
    if tail is not None and text[tail.end() : end].strip(TRIM):
        start = tail.end()
    titled = TITLE.match(text, start, end)
    if titled is not None and titled.end() < end:
        start = titled.end()
    based = BASIS_LEAD.match(text, start, end)
    if based is not None and text[based.end() : end].strip(TRIM):
        start = based.end()
    # (获费用减缓的,不再给予资助),获得授权后每件再资助…: an aside closed before the award is
    # another case's condition, not this one's.
    for aside in ASIDE.finditer(text, start, end):
        if text[aside.end() : end].strip(TRIM):
            start = aside.end()
    # 股权激励(包括…和股权奖励等激励方式): award words inside an aside do not end the condition,
    # nor those of a name in quotes (“长江学者奖励计划”教授).
    cut = next(
        (
            found
            for found in AWARD_START.finditer(text, start, end)
            if not _in_aside(text, start, found.start())
            and not _in_quotes(text, start, found.start())
        ),
        None,
    )
    # 分别给予国家级、省级技能大师工作室50万元、25万元: where the words before the award word
    # name nobody and those after it name the recipient, the recipient is the condition.
    named_after = (
        cut is not None
        and cut.group().endswith("给予")
        and is_fragment(text[start : cut.start()])
        and names_recipient(text[cut.end() : end])
    )
    if cut is not None and text[start : cut.start()].strip(TRIM) and not named_after:
        end = cut.start()
    while start < end and text[start] in TRIM:
        start += 1
    # (1)实缴注册资本…的, 2.在我区纳税…的: the item's number is not part of what it says
    numbered = ITEM_NUMBER.match(text, start, end)
    if numbered is not None and numbered.end() < end:
        start = numbered.end()
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _in_quotes(text: str, start: int, at: int) -> bool:
    """Whether ``at`` lies inside quotes “…” opened after ``start`` and not yet closed."""
    before = text[start:at]
    return before.count("“") > before.count("”")


def _in_aside(text: str, start: int, at: int) -> bool:
    """Whether ``at`` lies inside a parenthesis opened after ``start`` and not yet closed."""
    before = text[start:at]
    return before.count("(") > before.count(")")


# A condition that names nobody and says little is a fragment left between two awards
# (的, 对应, 给予补助,超过部分); the clause's real condition is the one before it.
# 重新认定的 is a condition of its own (4 characters of words); 的, 对应, 对应配套, 的项目资助和
# are not.
FRAGMENT_WORDS = 3
ON_TOP_OF = rule("on_top_of")
LEVEL_ONLY = re.compile(r"[\u4e00-\u9fff]{1,3}级")


def names_recipient(phrase: str) -> bool:
    """Whether the phrase names who is paid (企业, 旅行社 …)."""
    return RECIPIENTS.search(phrase) is not None


def is_fragment(phrase: str) -> bool:
    words = phrase.strip("对的,;:、 ")
    # 根据其经营规模、入驻企业情况: what the sum depends on, though it names firms
    if BASIS_ONLY.fullmatch(phrase) is not None:
        return True
    return RECIPIENTS.search(phrase) is None and (
        len(words) < FRAGMENT_WORDS
        # 的项目资助和: the tail of the award before; 和每年8万元: a second award joined to it
        or phrase.startswith(("对应", "的", "和", "及", "以及", "并"))
        or AWARD_START.match(phrase) is not None
        or LEVEL_ONLY.fullmatch(words) is not None  # 国家级 in 省级每个奖励1万元，国家级每个…
        # 贴息支持基础上,市、县财政各: the other body's award this one adds to, and who pays
        or ON_TOP_OF.fullmatch(phrase) is not None
    )


SHORT_TAIL = 6


def subject_and_trigger(text: str, start: int, end: int) -> tuple[tuple[int, int] | None, ...]:
    """Who is paid and what for, as spans inside the condition ``text[start:end]``.

    Where 的 only ends the condition, the first recipient with its qualifiers is the subject and
    the rest the trigger (对**技术转移机构**促成科技成果转化项目的 → 促成科技成果转化项目);
    where a 的 inside it qualifies a noun, the subject is the noun phrase after the last 的
    (对新认定的**国家级孵化器**, 对企业引进的**博士研究生**) and the trigger what comes before.
    Neither has 对 or a final 的.
    """
    named = list(RECIPIENTS.finditer(text, start, end))
    if not named:
        return None, _trimmed(text, start, end)
    # 鼓励人才中介组织引进…,对成功引进…的: the encouraged recipient opens the condition as 对 does
    opener = re.match(r"对于|对|鼓励|支持|引导|推动", text[start:end])
    head = start + (opener.end() if opener else 0)
    inner = text[head:end].rstrip(TRIM).removesuffix("的")
    if "的" not in inner:
        # 对技术转移机构促成…的, 对科技型企业向银行贷款的: the first recipient named, with its
        # qualifiers, is who is paid; the rest is what for.
        last = named[0]
        for following in named[1:]:
            gap = text[last.end() : following.start()]
            if gap and not LISTED.fullmatch(gap):  # 科技企业孵化器: one noun; 高校、科研院所
                break
            last = following
        lead = LEAD_VERB.match(text, head, named[0].start())
        if lead is not None:
            rest = _trimmed(text, last.end(), end)
            return (lead.end(), last.end()), rest if rest is not None else (head, lead.end())
        return (head, last.end()), _trimmed(text, last.end(), end)
    # 对新认定的国家级孵化器, 对企业引进的博士研究生: the noun phrase after the last 的
    recipient = named[-1]
    qualifier = max(text.rfind("的", head, recipient.start()) + 1, head)
    # 对新认定的国家级、省级企业技术中心: the whole noun phrase after the last 的
    # (a short tail only: 企业技术中心, not 企业研发费用较上年增长部分, which says what for)
    tail = text[recipient.end() : end]
    last_end = end if "的" not in tail and len(tail.strip(TRIM)) <= SHORT_TAIL else recipient.end()
    subject = (qualifier, last_end)
    before = _trimmed(text, head, qualifier)
    after = _trimmed(text, last_end, end)
    # 对在我区落户的独角兽企业(估值10亿美元以上): an aside after the subject only qualifies it
    aside = after is not None and text[after[0]] == "(" and text[after[1] - 1] == ")"
    trigger = after if after is not None and not aside else before
    return subject, trigger


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in TRIM + "对的":
        start += 1
    while end > start and text[end - 1] in TRIM + "的":
        end -= 1
    return (start, end) if end > start else None


CAP_SUBJECTS = (
    ("银行", "bank"),
    ("金融机构", "bank"),
    ("项目", "item"),
    ("项", "item"),
    ("笔", "item"),
    ("机构", "institution"),
    ("孵化器", "institution"),
    ("平台", "institution"),
    ("人才", "person"),
    ("个人", "person"),
    ("团队", "person"),
    ("人", "person"),
    ("企业", "enterprise"),
    ("单位", "enterprise"),
    ("家", "enterprise"),
)
CAP_PERIODS = {
    "每年": "year",
    "年度": "year",
    "每年度": "year",
    "当年": "year",
    "年": "year",  # 单个企业年补助金额不超过1万元
    "累计": "lifetime",
}


def beneficiary(phrase: str) -> str | None:
    """The recipient the condition names last: 主要完成单位, 企业, 银行 … or None.

    Those brought in (鼓励人才中介组织…,对成功引进两院院士的) are not paid: the recipient is the
    one the sentence encourages.
    """
    encouraged = rule("encouraged_recipient").match(phrase)
    if encouraged is not None and rule("brought_in").search(phrase, encouraged.end()):
        phrase = encouraged.group("who")
    named = list(RECIPIENTS.finditer(phrase))
    return named[-1].group() if named else None


def beneficiary_kind(named: str | None) -> Beneficiary:
    """The policy pack's beneficiary for a named recipient (an enterprise unless told)."""
    return BENEFICIARY_KINDS.get(named or "", "enterprise")


CAP_REACH = 6  # how far before the figure its cap words may end: 单个企业最高给予30万元


def cap_owner(text: str, floor: int, at: int) -> tuple[str | None, str | None, tuple[int, int]]:
    """Whose total the cap at ``at`` limits and over what period, from the words before it.

    单个企业最高 → (enterprise, None); 每年补贴总额最高 → (None, year); nothing said → (None, None):
    the reader is told the text is silent rather than given a guess.
    """
    start = max(floor, at - 30)
    subject = period = None
    span = (at, at)
    for name in ("cap_subject", "cap_period", "cap_plain"):
        for match in rule(name).finditer(text, start, at):
            if at - match.end() > CAP_REACH:
                continue
            said = match.groupdict()
            if said.get("subject") and subject is None:
                words = said["subject"]
                subject = next((kind for word, kind in CAP_SUBJECTS if word in words), None)
            if said.get("period") and period is None:
                period = CAP_PERIODS.get(said["period"])
            span = (min(span[0], match.start()), at)
    return subject, period, span
