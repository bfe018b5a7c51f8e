"""The grammar of reward sentences' compound parts, declared as data: one rule, one example.

Each ``Rule`` is a named pattern built from the shared pieces below (a number with its money
unit, a rate), what it means, and a sentence that shows it. ``tests/extract/test_grammar.py``
checks that every rule matches its own example, so a new way of writing a clause is added here
as one more row — not as another regular expression somewhere in the code.

The rules read the normalised text (half-width punctuation, variants mapped; ``normalise``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from techzone.extract.numbers import CHINESE_NUMERAL, MONEY_UNIT, NUMBER

# Shared pieces: the vocabulary the rules are written in.
PIECES = {
    "AMOUNT": rf"{NUMBER}{MONEY_UNIT}",
    # A band's bound may drop the 元 (500万以内的部分): 部分 after it says it is money.
    "BOUND": rf"{NUMBER}(?:(?:百|千)?(?:万|亿)元?|元)",
    "RATE": rf"(?:\d+(?:\.\d+)?[%‰]|百分之[{CHINESE_NUMERAL}点]+|千分之[{CHINESE_NUMERAL}点]+)",
    "BY": r"(?:按照|按)",
    # What a band's rate is of, written between 按 and the rate: 按投资额的4%.
    "BASE": r"(?:[\u4e00-\u9fff]{1,8}的)?",
    "INCL": r"(?:\(含(?:本数)?\))?",
    "ORDINAL_YEAR": r"(?:首年|第一年|次年|第二年|第三年|第四年|第五年|末年|最后一年|首期|首批)",
    "CALENDAR_YEAR": r"(?:(?:19|20)\d\d|二[〇零][〇零一二三四五六七八九]{2})年(?:度)?",
    "PAY": r"(?:拨付|兑现|发放|支付|拨付资金|安排)",
    "ENTITY": r"(?:企业|单位|项目|机构|银行|人才|个人|团队|孵化器|平台)",
    # Who may be paid, as a condition names them (对…的企业, 新引进的博士,).
    "RECIPIENT": r"(?:<ENTITY>|人员|家庭|农户|博士|硕士|研究生|本科生|毕业生|高校|院所|中介组织)",
    # A level of government that may pay part of an award (市级承担, 省财政, 市、区两级财政).
    "LEVEL": r"(?:中央|国家|省|市|州|区|县|园区|高新区)",
    "PAYER": r"<LEVEL>(?:[、和及与]<LEVEL>)*(?:两级|三级|级)?(?:财政)?(?:资金)?",
    "PAYER_VERB": r"各?(?:共同)?"
    r"(?:承担|负担|出资|分担|配套|支付|拨付|安排|给予|奖励|奖补|补助|补贴|资助)?各?",
}


def _expand(pattern: str) -> str:
    # A piece may be written with pieces named after it (PAYER with LEVEL): expand to the end.
    while "<" in pattern:
        expanded = pattern
        for name, piece in PIECES.items():
            expanded = expanded.replace(f"<{name}>", piece)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern


@dataclass(frozen=True)
class Rule:
    """One way a document writes part of a reward clause."""

    name: str
    pattern: str  # written with <PIECE> names from PIECES
    meaning: str
    example: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


_cache: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _cache:
        _cache[pattern] = re.compile(_expand(pattern))
    return _cache[pattern]


RULES: tuple[Rule, ...] = (
    # ── Right after an amount (read with .match at the amount's end) ──────────────────────
    Rule(
        "threshold_after",
        r"(?:\(含\))?(?:以上|以下|及以上|及以下|起|左右|规模|级|量级)"
        # 年度区级贡献在100万元至300万元(含300万元)的,扶持12%: the band a qualifier closes
        r"|(?:\(含[^()]{0,12}\))?的\s*[,;]|\)的\s*[,;]"
        # 5亿元(3000万美元)以上: the same bound in another currency, then 以上
        r"|\([^()]{0,16}\)(?:以上|以下)"
        # 的项目 is a size (投资5000万元的项目) — unless a reward noun follows (的项目资助)
        r"|的(?:企业|项目|单位|机构|产品)(?!资助|补助|奖励|补贴|经费|支持)",
        "the amount is a threshold or a size, never a reward",
        "年营业收入2000万元以上",
    ),
    Rule(
        "fund_after",
        # 组建10亿元工业发展投资基金、5000万元…应急转贷资金: the size of a fund, paid to nobody
        r"的?[\u4e00-\u9fff]{0,10}?(?:投资基金|产业基金|引导基金|发展基金|转贷资金|周转资金|资金池)",
        "a fund's size: money set up, not an award",
        "10亿元工业发展投资基金",
    ),
    Rule(
        "reward_after",
        r"的?(?:标准)?(?:一次性)?(?:给予|予以|发放|奖励|奖补|补助|补贴|补偿|资助|扶持|贴息|奖金|支持|资金)"
        # 可按每平方米200元享受建房补助: the award the recipient enjoys at that price
        r"|享受[\u4e00-\u9fff]{0,4}?(?:奖励|奖补|补助|补贴|资助)",
        "a reward noun right after the amount makes it one when nothing before decides",
        "对首次认定的企业3000元补助",
    ),
    Rule(
        "named_award_after",
        # (一)最高2000万元落户奖励; (二)最高3000万元科研条件建设补助：包括…: an award named by what
        # it is for, right after the sum and ending the item — the sum is that award
        r"(?m)[\u4e00-\u9fff]{2,8}?(?:奖励|奖补|补助|补贴|资助)\s*(?:[;:。]|$)",
        "an award's name ending its item right after the sum: the sum is paid",
        "落户奖励;",
    ),
    Rule(
        "rate_share_named",
        # 对示范应用项目支持比例不超过项目中的高端智能装备及系统集成投资的20%，最高1000万元: the
        # award's share named (支持比例, 资助比例), then what it is of — the rate is paid
        r"(?:支持|资助|补助|补贴|奖励|扶持)比例(?:原则上)?(?:不超过|不高于|最高不超过|最高|为)?"
        r"[^,;。]{0,30}$",
        "a rate after the award's share named (支持比例不超过…的20%) is the share paid",
        "对示范应用项目支持比例不超过项目中的高端智能装备及系统集成投资的",
    ),
    Rule(
        "rate_shared_after",
        # 投资专项奖励资金由投资基金企业及其管理企业按各50%的比例分享: how an award is divided
        # between those paid, never a second award
        r"的?比例?(?:分享|分配|分成)",
        "a rate by which an award is shared out between recipients is no award",
        "50%的比例分享",
    ),
    Rule(
        "paid_to_after",
        # 广东省按每人10000元标准向承办机构支付培训补助: the standard, whom it is paid to, the award
        # — unless a share of it is what is paid (…支付培训补助的50%: the standard is the base)
        r"的?标准向[^,;。]{1,10}?(?:支付|拨付|发放)[\u4e00-\u9fff]{0,4}?(?:奖励|奖补|补助|补贴|资助)"
        r"(?![^,;。]{0,3}\d)",
        "a standard paid to a named body as an award: an award when nothing before decides",
        "按每人10000元标准向承办机构支付培训补助",
    ),
    Rule(
        "applicant_pays",
        # 且每月按不低于当地最低工资80%的标准对见习人员支付工作补贴的，可按规定享受就业见习补贴:
        # what the applicant must pay others, closed by 的 — a condition, never the award
        r"的?标准(?:对|向|为)[^,;。]{1,10}?(?:支付|发放|缴纳)[^,;。]{0,8}?的\s*[,;]",
        "a standard the applicant pays others, closed by 的: who qualifies, not an award",
        "的标准对见习人员支付工作补贴的,",
    ),
    Rule(
        "priced_list_after",
        # 按博士每人10000元、硕士每人7000元、其他每人5000元标准给予补贴: the items before the last
        # are paid as the last is, by the standard and the award after it
        # (…标准，给予新型研发机构科研经费补贴: the award may name whom it pays first)
        r"(?:、[\u4e00-\u9fff]{1,6}每(?:人|名)<AMOUNT>)+的?标准\s*,?\s*(?:给予|予以|发放)"
        r"[\u4e00-\u9fff]{0,12}?(?:奖励|奖补|补助|补贴|资助)(?![^,;。]{0,3}\d)",
        "items of a list priced per person, the standard and the award after the last: awards",
        "、硕士每人7000元、其他每人5000元标准给予补贴",
    ),
    Rule(
        "funds_owed_after",
        # 各区、街道应…安排…必要的运营经费，区级…每年每个分别不少于60万元、40万元、5万元运营经费:
        # what a government must budget for its own facilities, paid to no applicant
        r"(?:运营|工作|建设|管理|办公)?经费(?!支持|补助|补贴|奖励|资助)",
        "funds named right after the amount, in a clause that says they are arranged: a budget",
        "60万元运营经费",
    ),
    Rule(
        "raised_award_after",
        # 根据评估等级分别增加40万元、30万元、20万元服务奖励: an award raised, named after the sums
        r"[\u4e00-\u9fff]{0,4}?(?:奖励|奖补|补助|补贴|资助)",
        "an award named right after sums that raise it (分别增加…服务奖励): the sums are paid",
        "服务奖励",
    ),
    Rule(
        "standard_heading",
        r"(?m)^[ \t]*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章节])[ \t]*"
        r"(?P<title>[^\n]{0,16})$",
        "a section heading; one naming the award's standard (补贴标准) makes unit prices awards",
        "三、补贴标准",
    ),
    Rule(
        "review_title",
        # 一、2025年发放情况 … 二、2026年发放标准: under a heading reporting what was paid, the
        # standards stated are last year's, superseded by those the next section sets.
        r"(?:发放|执行|落实|兑现|实施|完成|工作|开展)情况\s*$",
        "a section reporting what was paid (…发放情况): its sums are reported, not offered",
        "2025年发放情况",
    ),
    Rule(
        "qualifier_closed",
        # …高于本市上年度职工社会平均工资3倍者,每人每月800元: who qualifies, closed by 者 or 的
        # and a comma; a measure named inside it (工资, 累计, 高于) says nothing of the next sum.
        r"(?:者|的)\s*,",
        "a qualifier closed by 者/的 and a comma: its words do not say what the next sum is",
        "缴纳职工社会保险费基数高于本市上年度职工社会平均工资3倍者,",
    ),
    Rule(
        "audience_heading",
        # 服务对象：高校毕业生 … 服务对象：就业困难人员: a page listing subsidies by whom they serve
        # may repeat a clause word for word under each; each is a case of its own.
        # Not only at a line's start: a short heading line may be joined to the line before it.
        r"(?:服务|适用|支持|扶持|补贴|申报|享受)对象\s*:\s*(?P<audience>[^\n]+)",
        "words naming whom a section serves: the same clause under two of them is two cases",
        "服务对象:就业困难人员",
    ),
    Rule(
        "range",
        r"\s*(?:—|-|–|~|～|至|到)\s*",
        "two amounts joined as a range: the award is at most the second, set case by case",
        "根据绩效考评结果给予5万元—20万元的运营补助",
    ),
    Rule(
        "rate_reward_after",
        # 予以1%的贷款贴息补助: an interest subsidy named after its rate; 可享受50%贷款利息的一次性
        # 贴息: the interest it is a share of, then the subsidy
        r"的?(?:予以|给予)?(?:事后)?(?:资金|经费|贷款)?(?:(?:贷款)?利息的(?:一次性)?)?"
        # 对其…场地租金总额的50%予以租金补贴: after 予以/给予 the award may name what it pays for
        r"(?:(?<=予以|给予)[\u4e00-\u9fff]{1,4}?)?"
        r"(?:奖补|奖励|补助|补贴|资助|支持|扶持|贴息)",
        "a rate followed at once by the award's words pays, whatever named its base",
        "由财政对优惠的30%予以事后奖补",
    ),
    Rule(
        "reported_after",
        # 民生支出125.6亿元，增长43.2%: a sum that grew is a sum measured, never one promised.
        r"\s*[,、]?\s*(?:同比|比上年)?(?:增长|下降|增加|减少)\d",
        "a growth figure right after the amount: a sum reported, not offered",
        "兑现奖补资金5.4亿元,增长12%",
    ),
    Rule("cap_after", r"(?:\(含\))?(?:以内|封顶|为上限)", "a ceiling said after it", "50万元以内"),
    Rule("area_after", r"/(?:平方米|平米|m2)", "a price per area", "15元/平方米"),
    Rule(
        "month_after",
        # 元/人月 too: 具体补贴金额为248.8元/人月 is paid per person each month
        # 30元/平方米•月: a bullet typed for the middle dot
        r"/(?:人[·•/]?)?月|/(?:平方米|平米|m2)[·•/]?月",
        "a price per month (per person, per area)",
        "3000元/人·月",
    ),
    Rule(
        "unit_after",
        # and per counted thing of a farm or a works: 300元/吨, 4万元/处/年, 3.5万元/座/年
        r"/(?:项|家|件|个|人|台|套|次|户|名|亩|间|块|张|床|处|座|艘|吨|只|头|公斤|千克)",
        "a price per unit",
        "一次性奖励企业100元/亩",
    ),
    Rule(
        "list_joint",
        r"\s*(?:/[\u4e00-\u9fff]{1,2})?\s*[、,]\s*",
        "two items of a list, each with its unit written after it",
        "分别给予3000元/年、5000元/年奖励",
    ),
    # ── In the words just before an amount (its phrase) ───────────────────────────────────
    Rule(
        "per_area",
        # 每万平方米5000元: a price per so many square metres is a price per area all the same
        r"每(?:[\d一二两三四五六七八九十百千万]+)?(?:平方米|平米|m2)",
        "a price per area",
        "每平方米每月补贴15元",
    ),
    Rule("per_month", r"每人每月|每月|按月", "a price per month", "每人每月最高3000元"),
    Rule(
        "per_unit",
        # 每件, 每间, 每种产品; also counted: 每认定1件, 每满一万人; 单品种 is one per variety;
        # and a farm's or a works' measures: 每艘渔船, 每处, 每亩, 每100公斤, 每吨; land sold: 每宗.
        # Any verb counts when a number follows it: 每新入驻1家, 每培训1人, 每吸引一家.
        r"每(?:(?:认定|获得|新增|引进|满)?[\d一二两三四五六七八九十百千万]*"
        r"|[\u4e00-\u9fff]{1,3}?[\d一二两三四五六七八九十]+)"
        r"(?:个项目|项|家|件|个|人|台|套|次|户|名|所|篇|部|支|笔|间|块|种|张|座"
        r"|艘|处|亩|吨|只|头|公斤|千克|宗)|单品种"
        # 每连续租满1年补贴6000元: a sum for each full year reached
        r"|每[\u4e00-\u9fff]{0,4}?满[\d一二两三四五六七八九十]+年"
        # a step of a measure in money: 年零售额每实现2000万元, 每增加出口1美元 (not 每年1000万元)
        r"|每(?:增加|超过|实现|新增|达到|增长|提高)[\u4e00-\u9fff]{0,2}?"
        r"[\d一二两三四五六七八九十百千万亿.]+(?:万|亿)?(?:美)?元",
        "a price per item, enterprise, person …",
        "企业每认定1件高新技术产品给予补助1000元",
    ),
    Rule(
        "increment",
        # 长度为2公里以内的给予4万元/处/年的补助，长度超过2公里的每公里增加不超过1万元: a sum for
        # each step beyond the base (read on the words since the last comma up to the figure) is
        # an award of its own, never the ceiling of the price before it.
        r"每[^,;。]{0,8}?(?:增加|增)[^,;。]{0,6}$",
        "a sum for each step beyond a base: its own award, never the ceiling of an earlier price",
        "长度超过2公里的根据堤型每公里增加不超过",
    ),
    Rule(
        "each_recipient",
        # Two recipients named and 各 right before the figure: each of them is paid the sum —
        # not 市、区两级财政各承担 (payers, a split), nor 第二、三年各拨付 (instalments).
        r"<RECIPIENT>(?:[和及与、][^,;。]{0,12}?<RECIPIENT>)+各",
        "each of the recipients listed is paid the sum: a price per recipient",
        "每吸引一家实体企业落户的,给予入园企业和实体企业各50万元奖励",
    ),
    Rule(
        "each_of_group",
        # 对完成年度财政收入前十名的村各奖励30万元: each of those ranked or counted is paid the sum
        r"(?:前[\d一二两三四五六七八九十]+名|[\d一二两三四五六七八九十]+(?:家|个|名|位))"
        r"[^,;。]{0,6}?各(?:一次性)?(?:奖励|奖补|补助|补贴|资助|给予)",
        "each of a group ranked or counted is paid the sum: a price per recipient",
        "对完成年度财政收入前十名的村各奖励30万元",
    ),
    Rule(
        "counted_phrase",
        # 每新入驻1家跨境电商企业,给予园区扶持资金1万元: the phrase before the award counts what
        # each sum is paid for, so the sum is a price per unit
        r"(?:^|[,:])[^,;。每]{0,12}?每(?:[\u4e00-\u9fff]{0,4}?[\d一二两三四五六七八九十]+"
        r"(?:家|个|人|项|件|户|名|台|套|所)"
        # …or a step of a measure in money (每增加出口1美元, 每超过1亿元), not a price (每月333元)
        r"|(?:增加|超过|实现|新增|达到|增长|提高)[\u4e00-\u9fff]{0,2}?"
        r"[\d一二两三四五六七八九十百千万亿.]+(?:万|亿)?(?:美)?元)[^,;。]{0,30},\s*$",
        "a phrase counting units right before the award makes its sum a price per unit",
        "每新入驻1家跨境电商企业,",
    ),
    Rule(
        "counted_case",
        # 每成功推荐1个港澳青年企业在基地登记注册,且该港澳青年企业后续经营满1年的,给予1万元奖励:
        # a unit counted after a verb, its case running on to one more phrase closed by 的, right
        # before the award — the sum is paid for each unit, however long the words before 每
        r"每[\u4e00-\u9fff]{1,4}?[\d一二两三四五六七八九十]+(?:家|个|人|项|件|户|名|台|套|所)"
        r"[^,;。]{0,30},[^,;。]{0,24}的,\s*$",
        "a unit counted after a verb, its case closed by 的 right before the award: a unit price",
        "每成功推荐1个港澳青年企业在基地登记注册,且该港澳青年企业后续经营满1年的,",
    ),
    Rule(
        "step_before",
        # 年零售额每实现2000万元给予2万元奖励: the figure after 每实现 is the step, never paid
        r"每(?:增加|超过|实现|新增|达到|增长|提高)[\u4e00-\u9fff]{0,2}$",
        "a figure right after 每增加/每实现/每超过 is the step of a measure, not an award",
        "年零售额每实现",
    ),
    Rule(
        "budget_arranged",
        # 每年安排扶持资金1000万元: money a government sets aside for a purpose, paid to nobody
        r"安排[^,;。]{0,8}?(?:资金|经费|预算)(?:总额|规模)?(?:为|达)?$",
        "a sum right after 安排…资金 is a budget, not an award",
        "每年安排扶持资金",
    ),
    Rule(
        "step_counted",
        # …每实现2000万元给予2万元奖励: the sum after a step is paid for each step
        r"每(?:增加|超过|实现|新增|达到|增长|提高)[^,;。\d]{0,4}?"
        r"[\d一二两三四五六七八九十百千万亿.]+(?:万|亿)?(?:美)?元\s*,?\s*$",
        "a sum right after a step of a measure (每实现2000万元) is a price per step",
        "年零售额每实现2000万元,",
    ),
    Rule(
        "cap",
        r"最高|不得?超过|不得?高于|最多|上限|封顶|可达|高达",
        "the figure is a ceiling",
        "给予最高50万元奖励",
    ),
    Rule(
        "at_least",
        # 最低 only right before the figure (可给予最低2000万元资助): 最低工资标准为1520元 is a base
        r"不少于|不低于|至少|最低$",
        "the figure is a floor",
        "每年安排不少于5000万元",
    ),
    # ── A sum reported, not promised: read on the clause's words from its start to the amount ──
    # A work report's review says what was paid, raised or achieved (兑现奖补资金超5.4亿元,
    # 发放住房租赁补贴1905万元, 争取上级补助资金183.6亿元): it names no recipient and no
    # condition, so nobody can claim it. These rules only ever veto a sum that offer_said below
    # does not keep: a clause with a recipient, a condition or an offer's words stays an award.
    Rule(
        "budget_part",
        # 市财政2024年预算安排112.1亿元。其中，支持…资金54.2亿元: the parts of a budget the
        # sentence before (or this one) states, after 其中 — no applicant is paid them.
        r"预算安排[^。;]{0,12}?<AMOUNT>[^。;]{0,30}?[。;,]?\s*其中[^。;]*$",
        "the parts of a budget stated before 其中: amounts budgeted, not offered",
        "市财政2024年预算安排112.1亿元。其中,支持重大科创平台建设资金",
    ),
    Rule(
        "offer_terms",
        r"给予|予以|每|最高|不超过|不高于|一次性",
        "an offer's own terms after 其中: the part is offered, not budgeted",
        "其中,对新认定的企业给予一次性奖励50万元",
    ),
    Rule(
        "reported_sum",
        # a verb of money paid out or raised, anywhere earlier in the clause
        r"兑现|兑付|发放|下达|争取|筹集|筹措|撬动|落实[^,;。]{0,12}资金"
        # an aggregate right before the figure: 超5.4亿元, 累计12.51亿元
        r"|(?:累计|全年|共计|合计|总计|超|逾|过|近)$"
        # recipients counted, not named: 7467户2091万元, 5户企业获…奖励1000万元
        r"|\d+(?:\.\d+)?万?(?:户|家|人次|人|个|项|名|笔)$"
        r"|\d+(?:\.\d+)?万?(?:户|家|个|名)(?:企业|单位|项目)?获"
        # bonds issued (发行产业园区基础设施专项债项目50个、资金48亿元): money raised, repaid
        r"|发行[^,;。]{0,16}?债",
        "money paid, raised or counted in a review: a sum reported, not an award offered",
        "兑现奖补资金超5.4亿元",
    ),
    Rule(
        "review_sum",
        # money lent or raised for firms (落实产融合作平台融资500亿元、银行信贷支持850亿元);
        # bridging funds (为企业提供应急周转资金12亿元) are lent and repaid, never granted
        r"落实[^,;。]{0,12}(?:融资|信贷|贷款)"
        r"|(?:应急|过桥)?周转资金$|周转$"
        # a grant the place itself received (获中央奖补资金6674万元): it pays nobody
        r"|获得?(?:中央|国家|省级?|上级)[^,;。]{0,8}资金$"
        # a benefit standard measured per head (医保补助标准提高到人均640元)
        r"|标准(?:提高|提升|上调|达到)(?:到|至)?人均$",
        "money lent or received, or a per-head standard, in a review: no award offered",
        "落实产融合作平台融资500亿元、银行信贷支持",
    ),
    Rule(
        "review_phrase",
        # The figure's own phrase says money was paid out, obtained or put in (拨付涉企财政资金
        # 1.76亿元, 获得财政衔接补助资金8.58亿元, 投入支持乡村振兴资金52.58亿元, 获得…试点1.5亿元
        # 资金支持): a review's sum, whatever words of offers its other phrases hold.
        r"(?:获得?|争取|拨付|投入|发放|兑现|兑付|落实|筹集|下达|统筹|到位|安排)"
        r"[^,;。]{0,30}?(?:资金|补助|奖补|奖励|经费|补贴)[^,;。\d]{0,4}$"
        r"|(?:获得?|争取)[^,;。]{0,30}$"
        # 资助困难学生82.31万人次、资金6.31亿元: people counted, then what they were paid in all
        r"|\d万?(?:人次|户次)[^,;。]{0,20}$",
        "money paid out, obtained or put in, said in the figure's own phrase: a review's sum",
        "拨付涉企财政资金",
    ),
    Rule(
        "offer_phrase",
        r"对(?![接于外标照象手比应口])|凡|符合|经认定|给予|予以|按|最高|不超过|不高于|一次性|每(?!年)",
        "an offer's own words in the figure's phrase keep the sum an award (按规定兑现奖励50万元)",
        "按规定兑现奖励",
    ),
    Rule(
        "condition_said",
        # …the sentence's condition keeps it too: 新引进的博士,发放安家补贴10万元
        r"对(?![接于外标照象手比应口上])|凡|符合条件|经认定|的\s*[,:]"
        r"|(?:人才|博士|硕士|研究生|本科生|毕业生|专家|团队)(?:分别)?\s*,?\s*(?:发放|兑现|兑付)",
        "a condition said earlier (对…, …的,) keeps a sum worded as reported an award",
        "新引进的博士,发放安家补贴",
    ),
    Rule(
        "welfare_standard",
        # 城乡低保标准分别提高到每人每月1045元, 取暖补助标准由每户200元提高到1110元: a standard of a
        # social benefit raised in a review; no policy of awards pays it to an applicant
        r"(?:低保|最低生活保障|养老金|医保|供养|救助|取暖|孤儿|抚恤|优抚)[^,;。]{0,12}?"
        r"(?:标准|限额)?[^,;。]{0,16}?(?:提高|提升|上调|调整|增加|达到|提至|分别)",
        "a social benefit's standard raised or reached in a review is no award",
        "城乡低保标准分别提高到每人每月",
    ),
    Rule(
        "measured_list",
        # 城镇、农村居民人均可支配收入分别为42291元、21460元: 分别 lists measures here, not awards.
        # …可支配收入三项增速分别为…,均排全区第一,总量分别为33893元: 总量 is the measure's own
        r"(?:收入|产值|总值|增加值|支出|余额|存款|贷款|规模|额度|限额|营收|总量)[^,;。]{0,8}?分别"
        r"(?:为|是|完成|实现|达到?|提升至|提高到|提高至|上调)?\s*$"
        # 分别完成339.57亿元、…: amounts done, whatever the measure
        r"|分别(?:完成|实现)\s*$",
        "a measure listed with 分别 (incomes, output): figures reported, not a tier list",
        "城镇、农村居民人均可支配收入分别为",
    ),
    Rule(
        "counted_payout",
        # 向526名高层次人才发放购房补贴6316万元: recipients counted, then paid — a review's words,
        # so the person they name (人才发放) is no offer's recipient; read out of the clause's
        # words before offer_said and condition_said look for one.
        r"向[\d.]+万?(?:名|户|家|位|人次|人)[^,;。]{0,10}?(?:发放|兑现|兑付|拨付)",
        "recipients counted before a payout: a review's words, not an offer's recipient",
        "向526名高层次人才发放",
    ),
    Rule(
        "payout_total",
        # 兑现稳岗返还、一次性扩岗补助等资金1.8亿元: funds paid out, named by kinds closed by 等,
        # then their total — a review's sum, whatever an item's name holds (一次性…补助)
        r"(?:兑现|兑付|发放|拨付|下达)[^,;。]{0,24}?等[\u4e00-\u9fff]{0,4}?资金$",
        "the total of funds of several kinds paid out (…等资金): a sum reported, never offered",
        "兑现稳岗返还、一次性扩岗补助等资金",
    ),
    Rule(
        "offer_said",
        # Who is paid and on what terms: 对…的企业, 凡, 符合条件的, 经认定; the offer's own words
        # (给予, 予以, 按…标准, 每人, 最高, 一次性); a recipient closing its phrase (…的, 企业,).
        # Any of them keeps the award: 对…的, 按规定兑现奖励50万元 is an offer, not a report.
        # 面对市场主体…, 应对, 相对: 对 inside another word opens no condition
        r"(?<![面相绝反核应])对|凡|符合|经认定|给予|予以|按|每|标准(?!(?:提高|提升|上调|达到)(?:到|至)?人均)|最高|不超过|不高于|不低于|不少于|一次性"
        r"|的\s*[,:]|的\s*<RECIPIENT>|<RECIPIENT>\s*[,:]"
        # a person named just before the payment (引进博士发放安家补贴): 平台发放 names a payer
        r"|(?:人才|博士|硕士|研究生|本科生|毕业生)(?:分别)?(?:发放|兑现|兑付)",
        "a recipient, a condition or an offer's words: the sum is promised, whatever else is said",
        "对新认定的国家级企业技术中心,按规定兑现奖励",
    ),
    # ── A figure that is not what is paid: an example's, a formula's, a base's ─────────────
    # A worked example (按见习6个月测算,…=6580元/人; 以一家拥有50名职工的企业为例; 例如:某企业…
    # 可享受…元) shows how an award is computed for an invented case: paying its total per
    # person would multiply the award. Read on the sentence's words from its start to the
    # figure, asides closed before it left out ((如软件企业) only names who qualifies).
    Rule(
        "worked_example",
        r"举例|为例|假设|计算公式|算例"
        # 例如 only before an invented case (例如:某企业…); 例如人工智能企业 names who qualifies
        r"|(?:例如|比如|譬如|假如|如)[:,]?\s*(?:一家|一个|一名)?某"
        # 按见习6个月测算, — a case assumed with its figure; not 补贴测算: (a page's field
        # restating the offer), nor 按实际发生额计算 (how a real award is reckoned)
        r"|按[^,;:。]{0,8}[\d一二两三四五六七八九十]+[^,;:。]{0,6}测算\s*[,:]",
        "a worked example or a formula: its figures illustrate a computation, none is an award",
        "按见习6个月测算,北三市企业见习补贴1520元/人月×2/3×6月+500元/人=6580元/人",
    ),
    Rule(
        "formula_after",
        # 1520元/人月×2/3, 500元/人=: the figure is a term of a formula, not what is paid
        r"\s*(?:/(?:人[·/]?)?月|/人|/[\u4e00-\u9fff]{1,2})?\s*[×*÷=+]",
        "an arithmetic sign right after the figure (with its unit): a term of a formula",
        "1520元/人月×2/3",
    ),
    Rule(
        "formula_before",
        r"[×*÷=+]\s*$",
        "an arithmetic sign right before the figure: a term or a formula's result",
        "6月+500元/人=",
    ),
    Rule(
        "base_named",
        # 北三市月最低工资标准为1520元, 保险费标准为500元/人, 缴费基数为4801元: the phrase names a
        # wage or a cost — what a subsidy is computed from or pays in full — not the award. Not
        # 补贴标准为每人每月500元: there the standard is the award's own (award word before 标准).
        r"(?:最低工资|平均工资|工资|薪酬)(?:标准|水平)?(?:为|是)?\s*$"
        r"|(?:保险费|保费|管理费用?|服务费|缴费基数|失业保险金)的?(?:标准|基数)?(?:为|是)\s*$",
        "a wage or a cost standard named right before the figure: a subsidy's base, not the award",
        "北三市月最低工资标准为",
    ),
    Rule(
        "paid_in",
        # 给予每人每月500元补贴，其中个人缴纳部分每月100元: what the recipient pays in is a
        # contribution, never a second award; not 给予企业缴纳部分… (the award's own words).
        r"(?<!给予)(?:个人|本人|职工|员工|单位|企业)(?:自行)?(?:缴纳|缴费|交纳|自付)(?:的?部分)?"
        r"(?:每人)?(?:每月|每年)?(?:为)?\s*$",
        "a sum the recipient pays in, named right before the figure: no award",
        "给予每人每月500元社保补贴,其中个人缴纳部分每月",
    ),
    Rule(
        "fee_charged",
        # 高、中、初级职称缴纳评审费分别为420元/人、240元/人: a fee the reader pays in — never
        # a sum paid to them, though 分别 lists it by grade. Not 对企业缴纳的…保险给予补贴 (the
        # award's base) nor 返还其…缴纳失业保险费的50% (a refund): the fee is the figure's own
        # phrase.
        r"(?:缴纳|交纳|缴交|收取|收缴)[^,;。]{0,12}?费用?(?:标准)?(?:分别)?(?:为|是)?\s*$",
        "a fee charged to the reader, named right before the figure: no award",
        "经审核通过纳入职称评审的人员,高、中、初级职称缴纳评审费分别为",
    ),
    Rule(
        "fine_after",
        # 处100000元罚款, 处2万元以上10万元以下罚款: a fine the reader pays — 给予 nearby (给予暂扣
        # 适任证书的处罚) gives a penalty, not money.
        r"\s*(?:以下|以内)?的?\s*(?:罚款|罚金|的罚)",
        "a fine named right after the figure: money the reader pays, no award",
        "100000元罚款",
    ),
    Rule(
        "base_after",
        # 按1620元的月最低工资标准的2/3: the figure is the wage the rate is taken of.
        r"(?:/(?:人[·/]?)?月|/人)?的?(?:月?最低工资|平均工资|工资|保险费|保费|管理费用?|服务费"
        r"|缴费基数|失业保险金)(?:标准|基数)",
        "a wage or a cost standard named right after the figure: the base of a rate, not an award",
        "1620元的最低工资标准的2/3",
    ),
    Rule(
        "refund",
        # 返还其上年度实际缴纳失业保险费的50%: a share of contributions paid, given back to the
        # payer — money paid to the firm, an award read as a rate (as 按 opens one).
        r"返还(?:其|企业|单位)?[^,;:。]{0,20}?缴纳?[^,;:。]{0,12}?的?\s*$",
        "a refund of a share of what was paid opens a rate that pays",
        "可返还其上年度实际缴纳失业保险费的",
    ),
    Rule(
        "by",
        # 按 <base> 的 N%: the words naming the base say nothing about the reward.
        # Not 按规定 / 按照有关规定 ("as the rules say"), nor 减按 (a reduced tax rate).
        # 参照/依照 其…的 N% opens a rate the same way (a share of the fiscal contribution).
        r"(?<!减)(?:按|参照|依照)(?!照?(?:有关|相关)?规定)照?",
        "按 (参照, 依照) opens a rate's phrase",
        "投产后参照其缴纳增值税地方留成部分的60%给予企业奖励",
    ),
    Rule(
        "share_of_award",
        # The base is the award itself: 按应奖励额的40%…拨付 says how an award is paid out,
        # not another award. Not 按国家资助额的50%给予配套 (another body's grant is a base).
        r"(?:应|上述|该|本项|核定的?)(?:奖励|奖补|补助|补贴|资助|扶持)(?:资金)?(?:金额|总额|额度|额)?"
        r"|(?:奖励|奖补|补助|补贴|资助|扶持)(?:资金|金额|总额|额度|额)的?$"
        # 项目通过验收后,再拨付剩余的20%: the rest of the award, paid out
        r"|(?:拨付|兑现|发放|支付)(?:剩余|其余|余下)的?$",
        "a rate of the award itself is an instalment of it, never an award",
        "上述奖励资金分三年拨付,分别按应奖励额的40%、30%和30%对企业进行奖励",
    ),
    Rule(
        "area_share",
        # 按套内建筑面积不低于项目总建筑面积2‰的标准配建…设施: a share of floor space a builder must
        # set aside, read on the rate's base (from 按 on); no yuan is paid by it.
        r"面积",
        "a rate of an area (a share of floor space to build) is no award",
        "应按套内建筑面积不低于项目总建筑面积",
    ),
    Rule(
        "multiple_of_cost",
        # 按月租金的3倍进行补助: a multiple of a cost the recipient bears is a rate of it (3) —
        # not 按省财政补助额的2倍 (matching), nor 最低生活保障标准的1.6倍 (a standard reckoned).
        r"(?:租金|房租|租赁费|购房款|购房价|房价|价格|费用|工资)的\s*$",
        "a multiple of a cost (按月租金的3倍进行补助) is a rate of that cost",
        "按月租金的",
    ),
    Rule(
        "area_base",
        # 配套公共服务设施比例应不小于住宅建筑面积的11%: a share of floor space to set aside, as
        # area_share reads it after 按 — never a share paid.
        r"面积的?\s*$",
        "a rate right after an area (住宅建筑面积的11%) is a share of floor space, no award",
        "配套公共服务设施比例应不小于住宅建筑面积的",
    ),
    Rule(
        "rate_raised_by",
        # 国家高新技术企业…补助比例可上调10%: a rise of another award's rate, not an award of 10%
        r"比例(?:可|再|相应)?(?:上调|提高|增加|上浮)$",
        "a rate by which another award's rate may rise is no award of its own",
        "省级以上研发中心补助比例可上调",
    ),
    Rule(
        "paid_out",
        rf"拨付|兑现|分[{CHINESE_NUMERAL}\d]+(?:年|次|期|批)|分期|分批",
        "the clause says how money is paid out (needed for a rate of an award named without 应)",
        "按奖励总额的50%于认定当年拨付",
    ),
    Rule(
        "period_key",
        r"^\s*(?:前|后|第|其后|此后|之后|以后|再)[\d一二两三四五六七八九十]*(?:年|个年度)",
        "a rate keyed by a period (前三年…后两年…): the rates share the cap that follows them",
        "后两年按50%给予奖励",
    ),
    Rule(
        "base_of_award",
        # 对超基数部分给予…95%的奖励, 给予企业对我区经济贡献95%的奖励: this 对 names what the
        # rate is taken of, not who is paid; 对经济发展有突出贡献的企业 (贡献的…) stays a condition.
        r"对(?:其|我区|本区|区|地方)?[\u4e00-\u9fff()]{0,14}?(?:部分|贡献)"
        r"(?=\s*(?:为基数|给予|予以|按|的?<RATE>|\d))"
        # 以上一年度地方综合贡献为基数，对新增地方综合贡献超过10%部分奖励50%: a share above a
        # bound, then the award's word and its rate at once
        r"|对[\u4e00-\u9fff]{0,12}?超过<RATE>的?部分(?=\s*(?:奖励|补助|给予|予以|按)?\s*<RATE>)"
        # 由财政对优惠的30%予以事后奖补: 对 what is taken, then 的 and the rate at once.
        # Not 对达标企业按投资额的8%: 按 there opens the rate, and 对 before it the condition.
        r"|对(?:(?!按|参照|依照)[\u4e00-\u9fff]){1,6}的(?=<RATE>)"
        # 按规定对企业缴纳的基本养老保险费、…失业保险给予社会保险补贴: 对 names the contributions
        # the subsidy pays for, not who is paid (the 对…的我市企业 before it does).
        r"|对(?:企业|单位|其)?(?:为[\u4e00-\u9fff]{1,8})?缴纳的[\u4e00-\u9fff、]{1,30}?"
        r"(?:保险费?|公积金)(?=\s*给予)"
        # …的高层次人才…的,对其缴纳的个人所得税…: 其 is the one named before, who is paid.
        r"|对其(?!他|它|余|中)"
        # 经认定,对实际发生费用给予50%活动费用补贴: the cost the rate is taken of
        r"|对(?:实际)?(?:发生|支出)的?[\u4e00-\u9fff]{0,6}?费用(?=\s*(?:给予|予以|按|的?<RATE>))",
        "对 opening the base of a rate (对超基数部分) or the contributions a subsidy pays for"
        " does not open the condition",
        "对超基数部分给予企业连续5年95%的奖励",
    ),
    Rule(
        "rate_measured",
        # 大中专院校毕业生就业去向落实率94.9%: a rate a measure names right before it is measured,
        # never paid — not 补贴率 or 资助率, an award's own, nor 利率 (按年利率6%给予贴息)
        r"(?<!贴息|补贴|补助|资助|奖励|奖补)(?<!利)率\s*(?:为|达|达到|是)?\s*$",
        "a rate named by a measure right before it (落实率94.9%) is a figure measured, not paid",
        "大中专院校毕业生就业去向落实率",
    ),
    Rule(
        "rate_named_after",
        # 保费按3%的保费率上限及实际投保年度保费的80%给予补贴: the 3% is a premium rate, the
        # bound of what is insured — a rate of a measure named right after it, not a share paid
        r"的[\u4e00-\u9fff]{0,3}?(?<!贴息|补贴|补助|资助|奖励|奖补)(?<!利)率(?:上限|下限)?",
        "a rate followed by the measure it is the value of (3%的保费率上限) is not paid",
        "3%的保费率上限",
    ),
    Rule(
        "funds_put_in",
        # 启动实施…行动，配套2亿元以奖代补资金: a government putting funds into its programme,
        # the funds named after the sum; read on the figure's phrase, which has no offer's words
        r"(?:配套|统筹|整合|投入)\s*$",
        "a sum a government puts in as funds (配套2亿元…资金), no offer in its phrase: a budget",
        "启动实施“百村示范、全域整治”行动,配套",
    ),
    Rule(
        "funds_named_after",
        r"[\u4e00-\u9fff]{0,6}?资金(?!支持|补助|补贴|奖励|扶持|资助)",
        "funds named right after a sum (2亿元以奖代补资金): with funds_put_in, a budget",
        "以奖代补资金",
    ),
    Rule(
        "dui_same_award",
        # …按其…金额的5%给予奖励,对同一项目投资给予的奖励最高100万元: this 对 names what the
        # ceiling of the award just given is counted by, not a new case — the clause goes on.
        r"对[^,;。]{0,16}?(?:给予|获得)的(?:奖励|补助|资助|补贴|奖补|贴息)(?:资金)?(?:金额|总额|额度)?"
        r"(?:最高|不超过|不高于|最多)"
        # …按其申请当笔贷款基准利率的100%,对该企业给予贴息补助: the one named before, paid
        r"|对(?:该|上述)(?:企业|单位|机构|项目|人员|人才|团队)?(?:给予|予以)",
        "a ,对… naming the award's ceiling or the one named before goes on with the clause",
        "对同一项目投资给予的奖励最高",
    ),
    Rule(
        "rate_bound_after",
        r"(?:\(含\))?的?部分",
        "a rate followed by 部分 bounds a share of a base (超过15%部分), it is not paid",
        "外籍人才可选择按照超过15%部分税负差额给予奖励",
    ),
    Rule(
        "by_rate_closed",
        # 可按不超过年度研发投入30%的，给予单个创新主体年度最高5000万元的支持: read after a
        # rate whose phrase 按 opens, 的 and a comma do not close a qualifier (研发投入增长
        # 30%的，给予… has no 按 and stays a threshold) when the award's verb follows at once.
        r"的\s*,\s*(?:给予|予以)",
        "a rate opened by 按 and closed by 的 before 给予 is the award's rate, not a threshold",
        "30%的,给予",
    ),
    Rule(
        "by_rate_threshold",
        # 对按照国家规定比例不低于3%的，给予一次性奖励20万元; 对按月缴纳社保且人数增长20%的:
        # after 按, a floor, a level reached or a growth says what qualifies — only an upper
        # bound (按不超过…30%的) is the rate paid by. Read from the last 按 to the rate.
        r"不低于|不少于|至少|达到?|增长|增幅|增加|提高|(?<!不)(?<!不得)(?:超过|高于)|以上",
        "a floor, a level or a growth between 按 and its rate keeps the rate a threshold",
        "照国家规定比例不低于",
    ),
    Rule("matching", r"配套|配比|匹配", "a ratio is a matching one", "按1:0.5给予配套"),
    Rule(
        "award_matched",
        # 按市级奖励1:1额度给予人才专项奖励: a ratio of another body's award, right after it,
        # matches that award as 配套 would
        r"(?:奖励|资助|补助|奖补)(?:标准|额度)?\s*\d+(?:\.\d+)?\s*:\s*\d",
        "a ratio right after another body's award matches it, even without 配套",
        "对入选杰出人才、领军人才,按市级奖励1:1额度给予人才专项奖励",
    ),
    Rule(
        "measure_ratio",
        # 按企业实际研发投入1:1比例分别给予最高1000万元…: a ratio of what the recipient spent is
        # a share of it (1:1 = all of it), as 按研发投入的100% would be; of an award it matches
        r"(?:投入|投资|支出|费用|开支)(?:额|总额|金额)?\s*\d+(?:\.\d+)?\s*:\s*\d+(?:\.\d+)?\s*的?比例",
        "a ratio of the recipient's spending is a rate of it",
        "按企业实际研发投入1:1比例给予补助",
    ),
    Rule(
        "rate_tier_caps",
        # 按研发投入的10%分别给予最高100万元、50万元奖励: one rate, each grade's ceiling after it;
        # read apart, the rate would be paid without any ceiling
        r"(?:的?比例)?(?:(?:给予|予以)?(?:奖励|补助|资助|补贴|奖补))?"
        r"\s*,?\s*(?:对其)?分别(?:给予|予以|奖励|补助|资助|补贴)?\s*"
        r"(?:奖励|补助|资助|补贴)?\s*(?:最高|不超过|最多|上限)",
        "a tier list of ceilings right after a rate: each grade is paid the rate up to its ceiling",
        "按研发投入的10%分别给予最高100万元、50万元奖励",
    ),
    Rule(
        "accumulated_limit",
        # 单个企业的奖励对象累计奖励金额不得超过该企业对本区经济发展贡献的30%: a limit on the
        # sum of awards already promised, never an award of 30% of the contribution
        r"(?:累计|合计|总计)(?:获得的?)?(?:(?:奖励|补助|资助|奖补|补贴|扶持)(?:资金)?(?:金额|总额|额度)?)?"
        r"(?:均|总)?(?:不得超过|不超过|不高于|最高不超过|最多不超过)",
        "a rate bounding the total of awards accumulated is a limit, not an award",
        "单个企业的奖励对象累计奖励金额不得超过该企业对本区经济发展贡献的30%",
    ),
    Rule(
        "price_before_total",
        # 按照出让建筑面积每万平方米5000元、年度出让项目奖励总额不超过100万元，对…予以奖励: the
        # ceiling of the award's total right after a price says the price is the award
        r"\s*[、,]\s*[^,;。]{0,12}?(?:奖励|补助|资助|补贴|奖补)(?:资金)?(?:总额|金额)"
        r"(?:不超过|不得超过|最高|最高不超过)",
        "a price followed by the ceiling of the award's total is the award",
        "每万平方米5000元、年度出让项目奖励总额不超过100万元",
    ),
    Rule(
        "price_and_total",
        # 可按每平方米不超过1000元且总额不超过50万元的标准，给予购房补助; 按30元/平方米•月且
        # 每年总额不超过15万元的标准，给予租房补助: a price and its total's ceiling joined by 且
        # into the standard the award is paid by — the price is the award, the total its ceiling
        r"(?:/[\u4e00-\u9fff·•/]{1,6})?\s*且[^,;。]{0,6}?总额(?:不超过|不得超过|最高不超过|最高)"
        r"<AMOUNT>的?标准\s*,?[^,;。]{0,8}?(?:给予|予以|发放|奖励|奖补|补助|补贴|资助)",
        "a price joined by 且 to its total's ceiling, as the standard of an award: the award",
        "/平方米•月且每年总额不超过15万元的标准,给予租房补助",
    ),
    Rule(
        "total_of_price",
        # …1000元且总额不超过: the total a price joined by 且 may reach (with standard_then_award
        # after it: the standard an award is paid by) — the ceiling of that price
        r"元[^,;。]{0,10}?且[^,;。]{0,6}?总额(?:不超过|不得超过|最高不超过|最高)$",
        "the total's ceiling after a price and 且, in a standard an award pays by: its ceiling",
        "每平方米不超过1000元且总额不超过",
    ),
    Rule(
        "standard_then_award",
        # 按照40元/平方米/月的标准，连续三年给予每年最高30万元补贴: a price named as the
        # standard (its unit written after it or not) that the clause then pays out;
        # 保险费标准为500元/人 is a cost (no 的标准 after the figure), 工资标准 names no figure.
        r"(?:/[\u4e00-\u9fff]{1,3}){0,3}的?标准\s*,?[^,;。]{0,8}?"
        r"(?:给予|予以|发放|奖励|奖补|补助|补贴|资助)",
        "a price named as the standard the award is paid by, the award's verb following it",
        "40元/平方米/月的标准,连续三年给予",
    ),
    Rule(
        "quota_after",
        # 按照不超过结售汇总额8%的额度出具…担保保函: a guarantee's or a credit line's size
        # …not 按市级奖励1:1额度给予…奖励: a quota of the award, given
        r"的?(?:额度|授信)(?!给予|予以)",
        "a rate followed by 额度 sizes a guarantee or a credit line: nothing is paid",
        "由担保机构按照不超过结售汇总额8%的额度出具担保保函",
    ),
    Rule(
        "funds_arranged",
        # 按省专项运营补贴资金1:1的比例安排市级配套资金保障: a government matching another's
        # budget, not an award matching one
        r"安排[^,;。]{0,8}?资金",
        "a ratio by which a government arranges its own funds: an allocation, not a matching award",
        "按省专项运营补贴资金1:1的比例安排市级配套资金保障",
    ),
    Rule(
        "loan_after",
        # 提供3—10万元免利息、免担保、免抵押创业启动资金贷款: money lent, not paid; a reward noun
        # before 贷款 (50万元奖励,用于偿还贷款) or after it (500万元银行贷款基准利率的全额贴息补助)
        # keeps the award. A credit line (提供200亿元专属授信额度) is lent all the same.
        r"(?:(?!奖励|补助|补贴|资助|奖补|贴息|奖金)[^,;。]){0,24}?(?:贷款|授信)"
        r"(?![^,;。]*(?:贴息|补贴|补助|奖励|资助|风险补偿))",
        "a sum lent (…万元…贷款): a loan offered is not money paid",
        "提供3—10万元免利息、免担保、免抵押创业启动资金贷款",
    ),
    Rule(
        "equity",
        # Not 一事一议: seed 001's 一事一议…一次性给予不少于5000万元奖励 is an award with its floor.
        # 股权投资企业, 股权投资有限合伙企业 name who is paid, not how: their award still pays.
        # 跟投 is a fund investing beside a venture investor (给予风险投资总额20%的风险跟投支持):
        # shares bought too, however it is worded as 支持.
        r"股权投资(?!有限合伙|合伙企业|企业|机构|类企业|管理企业|基金管理)|股权方式|入股|跟投",
        "money invested for shares is not paid out: no figure of the clause is a reward",
        "采用股权投资方式支持，单个项目资助额度原则上不低于1000万元",
    ),
    Rule(
        "list_shares_unit",
        # read on the words between a per-unit sum and the next figure of the same clause
        r"^\s*、\s*[\u4e00-\u9fff]{1,8}$",
        "the next item of a list after a price per person or item (给予每人一次性安家补助30万元、"
        "购房补贴20万元) is paid per person or item too",
        "、购房补贴",
    ),
    Rule(
        "price_word",
        # 对小于8米的渔船为每月333元，每年4000元；8到10米且双控功率大于9千瓦的渔船每月417元，每年
        # 5000元: the next item of a price list after ；, written with the same price word as
        # the clause before, which named the award — the same award at another price.
        r"每人每月|每人每年|每月|每年|每人|每亩|每户|每艘|每吨|每头",
        "a price word a list's next item after ； repeats from the clause that named the award",
        "渔船每月",
    ),
    Rule(
        "list_not_paid",
        # 每月补贴3000元；超出部分每月1000元由个人承担 / 其中企业自筹每人每年3万元: the words
        # before a list's next price naming a part of the last sum, or after it someone bearing
        # it — a share or a cost, never a second award; nor a fee it names (孵化器管理费每月500元).
        r"其中|部分|自筹|自付|自理|承担|负担|缴|支付|收取|费",
        "a list's next price that is a part of the last sum or a cost someone bears is no award",
        "超出部分每月1000元由个人承担",
    ),
    Rule(
        "list_next_price",
        # read on the words between a price per month or per person and the next figure:
        # 其中博士研究生每月2400元，副高级职称人才、全日制硕士研究生每月1200元，本科生每月600元
        # (not a sum the person pays in: 个人缴纳每月100元)
        r"^\s*[,、]\s*(?:(?!缴|交纳|扣除|收取)[^,;。:]){1,30}?(?:每人每月|每月|每人每年|每人)$",
        "the next item of a list names its own recipients and repeats the price's word (每月): a "
        "price of the same kind",
        ",副高级职称人才、全日制硕士研究生和其他E类人才每月",
    ),
    Rule(
        "raised_from",
        # read on the words right before the first figure of a run, with raised_to after its last
        r"(?:从|由)(?:原先|原来|原|之前|此前|以前|过去|现行)?的?$",
        "the figure a standard is raised from (从原先的6000元…提高了15000元): what was paid "
        "before, not what is offered",
        "一次性租房和生活补贴按本科、硕士、博士的顺序从原先的",
    ),
    Rule(
        "raised_to",
        r"(?:的?标准)?(?:提高|提升|上调|调高|增加|调整|提)(?:了|到|至|为)",
        "the verb between an old figure and the new one",
        "提高了15000元",
    ),
    Rule(
        "share_raised",
        # 投保费资助比例上限由50%提高至60%(制造业企业上限提高至65%): the subsidy's new share, read
        # on the clause's words before the rate; 研发费用加计扣除比例提高至100% names no subsidy.
        r"(?:资助|补助|补贴|奖励|奖补|贴息)比例[^,;。]{0,30}?(?:提高|提升|上调|调高)(?:到|至)$",
        "a subsidy's share raised to a new rate: the new rate is offered",
        "对企业短期出口信用保险的投保费资助比例上限由50%提高至",
    ),
    Rule(
        "earlier_document",
        r"(?:文件|办法|政策|规定|意见)[”》\"']?中(?:分别)?(?:是|为)$",
        "an earlier document's figures quoted for comparison (在“1+5”文件中分别是150万元…): "
        "what it gave, not what this one offers",
        "而这个数字在“1+5”文件中分别是",
    ),
    Rule(
        "equity_received",
        # The investor and the size may stand between (对获得专业股权投资机构100万元以上股权投资的
        # 中小微企业), but never a way of paying (采用股权投资方式).
        r"(?:获得|获|引进|引入|接受|吸引)(?:(?!采用|方式|以股权)[^,;。]){0,24}股权投资$"
        r"|(?:技术|成果|知识产权)入股$",
        "equity a firm has received (对获得私募股权投资…的企业) or its technology turned into "
        "shares (对通过自主科技成果技术入股占30%以上的) is what its award is for, not how the "
        "award is paid: the clause still pays",
        "对获得私募股权投资",
    ),
    Rule(
        "sum_without_yuan",
        rf"(?:奖励|奖补|补助|补贴|资助|给予|扶持)[^,;。\d]{{0,6}}?(?P<figure>{NUMBER}(?:百|千)?(?:万|亿))"
        # …or before a price's unit: 一类水库补助1.5万/人/年
        r"(?=[,;。\s]|$|/[人年月项家件个户亩处座吨]|的?(?:奖励|奖补|补助|补贴|资助|奖金)"
        # …or first of a list none of whose items says 元 (分别扶持5000万、500万、200万)
        rf"|(?:、{NUMBER}(?:百|千)?(?:万|亿))+(?:[,;。\s]|$))",
        "an award's sum whose 元 was dropped at the end of its clause (奖励企业50万), before its "
        "unit (补助1.5万/人/年) or before the award's noun (给予30万奖励): money all the same",
        "在创业板上市的奖励企业50万",
    ),
    Rule(
        "band_key",
        # 当年水稻规模复种面积100-200亩的，奖励1万元，200至300亩的奖励2万元，…500亩以上的奖励5万元:
        # the band a condition ends with; items after the first name only their band (and at
        # most a verb), in the same unit — one tier list graded by the bands.
        r"(?P<band>\d+(?:\.\d+)?[万亿]?(?:[\u4e00-\u9fff](?<!的))?"
        r"(?:\s*(?:-|—|–|~|至|到)\s*\d+(?:\.\d+)?[万亿]?)?(?P<unit>[\u4e00-\u9fff](?<![的以]))"
        r"(?:\(含\))?(?:以上|以下|以内)?)的?$",
        "a condition ending with a band of a measure: items keyed by one measure's bands are tiers",
        "当年水稻规模复种面积100-200亩的",
    ),
    Rule(
        "graded_item",
        # 被评为五星级的给予10万元，四星级的给予5万元: the first item may say how the grade is won
        r"^\s*(?:被评为|被评定为|评为|获评)?(?P<grade>[\u4e00-\u9fffA-Z\d]{1,3}级"
        # 一等奖20万元，二等奖15万元，…优胜奖5万元: a list keyed by prize
        r"|[一二三四五六七八九十特]等奖|(?:优胜|优秀|鼓励|入围|金|银|铜)奖)(?!每)",
        "an item of a list keyed by level or prize (市级奖励2万元，省级奖励5万元): a tier",
        "市级奖励2万元",
    ),
    Rule(
        "priced_item",
        # 按博士每人10000元、硕士每人7000元、其他每人5000元: each item names its grade, then 每人
        r"^\s*(?:按照|按)?(?P<grade>[\u4e00-\u9fff]{1,6}?)每(?:人|名)$",
        "items of a list each naming a grade before its price per person are tiers",
        "按博士每人",
    ),
    Rule(
        "named_item",
        # 其中本科生2万元，硕士研究生4万元，博士研究生6万元: each item only names its grade.
        r"^\s*(?P<lead>其中)?(?P<grade>[\u4e00-\u9fff]{2,6})\s*$",
        "items after 其中 that only name a grade before their sum (其中本科生|2万元) are tiers",
        "其中本科生",
    ),
    # ── Progressive bands: one award computed band by band ─────────────────────────────────
    Rule(
        "band_below",
        r"(?P<upper><BOUND>)<INCL>(?:以下|以内)(?:的)?部分,?<BY>?<BASE>(?P<rate><RATE>)",
        "a band up to a bound, at its own rate",
        "年度研发投入1000万元(含)以下部分按1%给予补助",
    ),
    Rule(
        "band_between",
        r"(?P<lower><AMOUNT>)<INCL>(?:以上)?(?:至|到|-|—|~)(?P<upper><AMOUNT>)<INCL>"
        r"(?:以下)?(?:的)?部分,?<BY>?<BASE>(?P<rate><RATE>)",
        "a middle band between two bounds",
        "1000万元至5000万元(含)的部分按0.5%给予补助",
    ),
    Rule(
        "band_over_to",
        # 超过500万元不超过1000万元(含)的部分按投资额的2%: a middle band named by both bounds
        r"(?:超过|超出|高于)(?P<lower><BOUND>)<INCL>(?:不超过|至|到)(?P<upper><BOUND>)<INCL>"
        r"(?:以下)?(?:的)?部分,?<BY>?<BASE>(?P<rate><RATE>)",
        "a middle band whose bounds are written 超过…不超过…",
        "超过500万元不超过1000万元(含)的部分按投资额的2%给予奖励",
    ),
    Rule(
        "band_above",
        r"(?:超过|超出|高于)(?:(?P<lower><AMOUNT>)的?)?部分,?<BY>?<BASE>(?P<rate><RATE>)",
        "the open top band",
        "超过部分按0.5%给予补助",
    ),
    Rule(
        "band_next",
        r"\s*(?:<BOUND><INCL>(?:以上|以外|至|到|-|—)|超过|超出|高于)[^;。]{0,24}?部分",
        "after a semicolon, the next band of the same award: the clause goes on",
        "1000万元以下的部分,按3%给予奖励;1000万元以上的部分,按2%给予奖励",
    ),
    Rule(
        "band_over",
        r"(?P<lower><BOUND>)<INCL>(?:以上|以外)(?:的)?部分,?<BY>?<BASE>(?P<rate><RATE>)",
        "the open top band, named by its lower bound",
        "500万元以上的部分,按照5%比例补贴",
    ),
    # ── A cap's subject and period: whose total it limits, over how long ─────────────────
    Rule(
        "cap_subject",
        r"(?P<subject>(?:单个|单家|每个|每家|每一|同一|单一|单项|每项|单笔|每笔)<ENTITY>?)"
        r"(?P<period>每年度|每年|年度|当年|累计|年(?=奖补|补助|奖励|支持|资助|补贴))?"
        r"(?:奖补|补助|奖励|支持|资助|补贴|贴息|补偿)?"
        r"(?:总额|金额|资金|额度|额)?(?:最高|不超过|累计不超过|最多|上限为?)",
        "the cap limits one enterprise's (item's …) total, per year or in all",
        "按合同成交额的8%给予补助,单个企业最高不超过30万元",
    ),
    Rule(
        "cap_period",
        # 每年最高补贴金额不超过: the ceiling may be said twice, around the award's name.
        r"(?P<period>每年|年度|每年度|当年|累计|总额)(?:最高)?(?:奖补|补助|奖励|支持|资助|补贴)?"
        r"(?:总额|金额)?(?:最高|不超过|最多|上限为?)",
        "the cap limits a yearly or a lifetime total",
        "每年补贴总额最高10万元",
    ),
    Rule(
        "total_only",
        # Read from the sentence's start to the figure: it names nobody (no 对) and says only
        # that a yearly or lifetime total is limited.
        r"\s*[^对。;]{0,24}?(?P<period>每年|年度|每年度|当年|累计)[^对。;,]{0,8}?(?:最高|不超过)\s*",
        "a sentence only limiting a yearly total closes the unit price of the sentence before it",
        "补贴期限为3年,且每年最高补贴金额不超过",
    ),
    Rule(
        "rates_ceiling",
        # …给予100%配套;对…分别给予70%、50%配套。原则上单个项目最高配套额度为500万元: a sentence
        # opening with the ceiling of the award per item (its own award word, nobody named) bounds
        # the rates of the sentence before it. Also 单一企业最高补贴 and
        # 单项补助最高额度原则上不超过 (甘井子区: …给予融资总额1%的补贴。单一企业最高补贴300万元):
        # the ceiling's owner may be the award itself (单项补助), its word before 最高额度.
        r"\s*(?:原则上)?,?(?:单个|单项|单一|单家|每个|每项|同一)[\u4e00-\u9fff]{0,6}?(?:每年|年度)?"
        r"(?:最高)?(?:配套|奖励|补助|资助|补贴|奖补|扶持|支持)(?:资金)?(?:最高)?(?:额度|金额|总额)?"
        r"(?:原则上)?(?:最高|不超过|不得超过)?(?:为)?\s*$"
        # 按月租金的3倍进行补助。补助金额最高不超过100万元: the award's own amount, bounded
        r"|\s*(?:补助|奖励|资助|补贴|扶持|奖补)(?:资金)?(?:金额|额度|总额)(?:原则上)?"
        r"(?:最高|不超过|不得超过){1,2}(?:为)?\s*$",
        "a sentence that only bounds the award per item closes the rates of the sentence before",
        "原则上单个项目最高配套额度为",
    ),
    Rule(
        "cap_plain",
        r"(?:最高|不超过|不高于|最多|封顶)(?:给予|补助|奖励|资助|补贴)?",
        "a ceiling said with no owner: the text is silent on whose total it limits",
        "超过部分按0.5%给予补助,最高不超过100万元",
    ),
    # ── A schedule: one award paid in instalments ────────────────────────────────────────
    Rule(
        "schedule_years",
        rf"分(?P<count>[{CHINESE_NUMERAL}\d]+)(?:年|次|期)(?:拨付|兑现|发放|支付|到位)",
        "the award is paid in N yearly (or other) instalments",
        "分两年拨付,首年拨付60%、次年拨付40%",
    ),
    Rule(
        "schedule_shares",
        rf"分(?P<count>[{CHINESE_NUMERAL}\d]+)(?P<unit>年|次|期|批)(?:按照?)?"
        r"(?P<shares><RATE>(?:、<RATE>)+)的?(?:比例)?<PAY>",
        "the award is paid in N instalments of the listed shares, in order",
        "分三年按40%、30%、30%比例拨付",
    ),
    Rule(
        "schedule_shares_after",
        # 按40%、30%、30%的比例分三年发放: the shares first, then the years — read apart, each
        # share would be a rate paid of nobody knows what
        rf"(?:按照?)?(?P<shares><RATE>(?:、<RATE>)+)的?比例"
        rf"分(?P<count>[{CHINESE_NUMERAL}\d]+)(?P<unit>年|次|期|批)<PAY>",
        "the award is paid in N instalments of the listed shares, named before the count",
        "按40%、30%、30%的比例分三年发放",
    ),
    # ── A split: one award divided between the levels of government that pay it ─────────
    Rule(
        "payer_part",
        # A part is one payer's sum or share; 市、区两级财政各承担15万元 is two parts of 15万元.
        # Read only after 其中 (split_lead) or where payer_said words show it is a payer.
        r"(?P<payer><PAYER>)(?P<verb><PAYER_VERB>)(?:最高|不超过)?(?P<share><AMOUNT>|<RATE>)",
        "the part of an award one level of government pays: parts adding up to the sum before"
        " them divide that one award, they are not awards of their own",
        "奖励30万元，其中省级10万元，市级20万元",
    ),
    Rule(
        "payer_said",
        # Words that can only name who pays, never a grade of the award (市级奖励2万元 may be
        # either: a level's award or the level's part).
        r"财政|资金|两级|三级|各|承担|负担|出资|分担|配套|^<LEVEL>$",
        "a part written with a paying body's words (承担, 财政, 各) is surely a split",
        "省财政承担",
    ),
    Rule(
        "split_lead",
        r"(?:其中|[(]其中)[,:]?\s*$",
        "其中 before the parts: what follows divides the sum before it",
        "给予一次性奖励30万元(其中",
    ),
    Rule(
        "part_joint",
        r"\s*[、,;]?\s*(?:和|及|与)?\s*",
        "two parts of a split, one after the other",
        "、",
    ),
    Rule(
        "sum_before_tiers",
        # From the sum's end to the first grade's figure: 安家补贴，其中本科生 — no 。 or ; between.
        r"[^。;]{0,12}?[,(]?其中[,:]?[^。;,]{0,10}",
        "a sum, then 其中 and a tier list: the grades share the sum, it is not paid beside them",
        "给予最高6万元安家补贴，其中本科生2万元",
    ),
    Rule(
        "payer_ratio",
        r"由(?P<payers><LEVEL>(?:[、和及与]<LEVEL>)+)(?:两级|三级)?(?:财政)?(?:共同)?<BY>?"
        r"(?P<ratio>\d+(?:\.\d+)?(?::\d+(?:\.\d+)?)+)的?比例(?:分担|承担|负担|出资|配套)",
        "an award shared by levels of government at a ratio: a split, never a matching ratio",
        "所需资金由省、市、区按3:3:4比例分担",
    ),
    # ── Between two lines (layout: a line break that ends a paragraph, not only a line) ────
    # A page of paragraphs without end marks (a park's website keeps each as a string, a line
    # per paragraph) looks like a PDF's long wrapped lines; these say where one really ends.
    Rule(
        "heading_line",
        r"^[ \t]*[\u4e00-\u9fff]{4,15}[ \t\r]*$",
        "a short line of words alone, without a figure or a mark: a section's heading, never "
        "the tail of the paragraph before it",
        "资金扶持政策",
    ),
    Rule(
        "award_line_end",
        r"(?:奖励|奖补|补贴|补助|资助|政策|<AMOUNT>|\d万)[ \t\r]*$",
        "a line that stops on its award or its sum: the paragraph may end there without a mark",
        "给予入园大数据企业和实体企业各50万元奖励政策",
    ),
    Rule(
        "clause_line_start",
        r"^[ \t]*(?:对(?:于)?[^\n。;]{2,60}?(?:给予|奖励|奖补|补贴|补助|资助|贴息)"
        r"|(?:鼓励|支持)\S{4})",
        "a line that opens with a recipient (对…) or a purpose (鼓励…, 支持…) and goes on to its "
        "award: after a line that stopped on an award, a paragraph of its own",
        "对通过金融机构借款筹集资金的项目,根据项目贷款实际发生额和同期金融贷款基准利率给予30%",
    ),
    Rule(
        "instalment_event",
        r"(?P<when>(?:认定|立项|签约|开工|验收|建成|投产|考核|评估|中期评估)"
        r"(?:当年|后|时|合格后|通过后))<PAY>(?P<share><RATE>|<AMOUNT>)",
        "one instalment paid on an event (认定当年, 验收后): when, and its share or sum",
        "认定当年拨付30万元，验收后拨付20万元",
    ),
    Rule(
        "instalment_share",
        rf"(?P<when><ORDINAL_YEAR>|<CALENDAR_YEAR>|第[{CHINESE_NUMERAL}\d]+(?:期|次|批))<PAY>?"
        r"(?P<share><RATE>|<AMOUNT>)",
        "one instalment: when, and its share or sum",
        "首年拨付60%",
    ),
    Rule(
        "instalment_each",
        rf"(?P<when>第[{CHINESE_NUMERAL}\d](?:、[{CHINESE_NUMERAL}\d])+(?:年|期|次|批))各<PAY>?"
        r"(?P<share><RATE>|<AMOUNT>)",
        "several instalments of the same share or sum, listed together",
        "第一年拨付50%,第二、三年各拨付25%",
    ),
    Rule(
        "instalment_award",
        # After an award in the same clause only (rewards.clause_rewards): 第一年奖励5万元 there is
        # a part of it; with no award before, the yearly sums stay awards of their own.
        r"(?P<when><ORDINAL_YEAR>|<CALENDAR_YEAR>)(?:再)?(?:给予)?(?:奖励|奖补|补助|补贴|资助)"
        r"(?P<share><RATE>|<AMOUNT>)",
        "one instalment of the award before it, written with the award's own word",
        "给予奖励100万元,分三年兑现,第一年奖励50万元,第二年奖励30万元,第三年奖励20万元",
    ),
)
# ── Conditions (context and extraction) ───────────────────────────────────────────────────
CONDITION_RULES: tuple[Rule, ...] = (
    Rule(
        "encouraged_recipient",
        # The sentence opens by naming whom it encourages, and its 对… names what they bring in:
        # the people brought in (院士, 人才) are not paid; the intermediary is.
        # 鼓励本区用人单位选送的高技能人才参加…职业技能大赛,经相关部门认定,对当年获奖选手给予…:
        # what they do may run longer, and a 经…认定, may stand before the 对.
        r"(?:鼓励|支持|引导|推动)(?P<who>[^,;。对]{0,8}?(?:<RECIPIENT>)+)[^,;。对]{0,30},"
        r"(?:经[^,;。对]{0,10}认定\s*,)?",
        "the sentence's recipient, named before a 对… that only says what they do",
        "鼓励人才中介组织引进和引荐人才,对成功引进两院院士的,给予最高300万元奖励",
    ),
    Rule(
        "owner_only",
        # 单个创新主体可按不超过实际投入的50%，给予年度最高1000万元的支持; 最高可按实际发生
        # 费用的30%: the words before the award name only what its ceiling counts by (单个…)
        # or a modal — no case; the case is the sentence before, which states what is supported.
        r"(?:(?:单个|单家|单项)[\u4e00-\u9fff]{1,6}?)?(?:年度|累计)?(?:最高)?可",
        "a condition made of a ceiling's owner and 可 only: the case is stated before it",
        "单个主题活动可",
    ),
    Rule(
        "period_only",
        # 自认定当年起，按其…给予五年奖励，其中前三年给予80%的奖励，后两年给予50%的奖励: the words
        # before a rate keyed by a period name only when it is paid — no case; the case is the
        # sentence's, or the one before it (对项目投产后根据绩效可以申请奖励。)
        r"(?:自[\u4e00-\u9fff]{1,8}起|(?:其中)?(?:前|后|第|其后)[\d一二两三四五六七八九十]+"
        r"(?:年|个年度)(?:内)?)",
        "a condition made of a period only (后两年, 自认定当年起): the case is said elsewhere",
        "后两年",
    ),
    Rule(
        "item_only",
        # 经费构成包括：(一)最高2000万元落户奖励;(二)…: a condition made of an item's number only
        r"[((]?[一二三四五六七八九十\d]{1,3}[))、.]?",
        "a condition made of a list item's number only: the case is the list's lead-in",
        "(一)",
    ),
    Rule(
        "list_opening",
        # …的新型研发机构,…分期合计投入最高1亿元的建设运行费,经费构成包括: — a sentence ending
        # with a colon opens a list whose items' awards are for the case it names
        r"[^。;\n]*:\s*$",
        "a sentence ending with a colon leads a list: its case is the items' case",
        "对新设立的新型研发机构,经费构成包括:",
    ),
    Rule(
        "case_stated",
        # 支持创新主体在人工智能领域组织开展…等活动。单个创新主体可按…: a sentence paying nothing
        # that says what is supported, whom the next sentence's award is for.
        r"(?:鼓励|支持|引导|推动)[^。;]{4,}",
        "a sentence that states what is supported, lending its words to the next sentence's award",
        "支持创新主体在人工智能领域组织开展广泛影响力的产业论坛、学术会议等活动",
    ),
    Rule(
        "case_applied",
        # 在校大学生…登记注册满12个月…的，可申请租金补贴。/ 从事…服务的大学生,服务期间,享受生活补贴:
        # a sentence paying nothing that says who may apply for the award the next one prices
        r"(?P<case>[^。;]{6,}?的[\u4e00-\u9fff]{0,6})\s*,[^。;]{0,8}?(?:均可|可)?"
        r"(?:申请|享受|领取)[^。;,]{0,12}?(?:补贴|补助|奖励|资助)",
        "a sentence naming who may apply for an award: its case lends itself to the next price",
        "从事“三支一扶”服务的大学生,服务期间,享受生活补贴",
    ),
    Rule(
        "standard_label",
        # 补贴标准为：珠三角地区每年最高6000元 / 补贴标准：10000元: a price under its field's label
        r"\s*(?:补贴|补助|奖励|资助|扶持)标准(?:为)?\s*:",
        "a sentence opening with the standard's label: its case is the one stated before it",
        "补贴标准为:",
    ),
    Rule(
        "brought_in",
        r"对(?:成功|新|首次)?(?:引进|引荐|推荐|招引|吸引|介绍)",
        "a 对… naming the people or firms brought in, not who brings them",
        "对成功引进两院院士的,给予最高300万元奖励",
    ),
    Rule(
        "on_top_of",
        # 在省财政按照LPR的35%给予…贴息支持基础上,市、县财政各按照…: the words left between the
        # other body's award and this one say who pays, not who is paid.
        r"[^,;。]{0,12}基础上,?(?:<PAYER>)?各?(?:再)?",
        "the tail of another body's award this one is added to, and who pays",
        "在省财政给予最高2000万元贴息支持基础上,市、县财政各按照LPR的10%再给予贴息",
    ),
    Rule(
        "basis_lead",
        # 根据《…关于2026年提高我省残疾人两项补贴标准的通知》(粤财社〔2026〕19号)要求,2026年
        # 1月起,全市…: the document a clause rests on, named first, is not who is paid — nor do
        # the award words of its title end the condition.
        r"\s*(?:根据|依据|依照|按照)《[^》]*》(?:\([^()]*\))?(?:的)?(?:有关)?(?:要求|规定|精神)?\s*[,:]?",
        "the document a clause rests on, named at its start, is not the condition",
        "根据《关于2026年提高我省残疾人两项补贴标准的通知》(粤财社〔2026〕19号)要求,",
    ),
    Rule(
        "basis_only",
        # 采取招投标形式引进相关园区运营商…。根据其经营规模、入驻企业情况,给予600万元以内的
        # 运营费补贴: a phrase saying only what the sum depends on names nobody; the case is the
        # one stated before it. Not 视站点工作绩效 (鹿城区's labels read that as the case).
        r"\s*(?:根据|依据)其?[^,;。对]{0,30}?(?:情况|规模|实际|需要|绩效|业绩|贡献)(?:等)?\s*[,:]?\s*",
        "a phrase saying only what the sum depends on (根据其经营规模…情况) is no condition",
        "根据其经营规模、入驻企业情况,",
    ),
    Rule(
        "list_lead",
        # 对认证…企业支付的…费用给予如下相应补助：首次认证…的企业按每个产品补助8000元: the words
        # before the colon announce a list; each item's condition is its own, after the colon.
        r"(?:如下|以下|具体为|具体如下)[^,;。:]{0,8}:",
        "a colon announcing a list of items: an item's condition starts after it",
        "对认证“三品一标”企业支付的费用给予如下相应补助:首次认证“三品一标”的企业按每个产品补助8000元",
    ),
    Rule(
        "amount_tail",
        # 500元/年,联合收割机1000元/年 · 给予4万元/处/年的补助,长度超过2公里的…: the unit and the
        # award noun after a sum belong to it, never to the next award's condition.
        r"(?:/[\u4e00-\u9fff]{1,2})*(?:的?(?:奖励|奖补|补助|补贴|资助|补偿|支持))?\s*[,;、]?",
        "a sum's unit and award noun, read right after it: the next condition starts after them",
        "给予4万元/处/年的补助,长度超过2公里的根据堤型每公里增加不超过1万元的补助",
    ),
)
BY_NAME = {rule.name: rule for rule in (*RULES, *CONDITION_RULES)}
BAND_RULES = ("band_below", "band_over_to", "band_between", "band_above", "band_over")


def rule(name: str) -> re.Pattern[str]:
    """The compiled pattern of the rule called ``name``."""
    return BY_NAME[name].regex
