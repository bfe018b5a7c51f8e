"""Sums a city's work report states in its review and plans: paid out, obtained, measured, set up
as funds, social standards raised — none is an award an applicant is offered (session 11, read
off 43 city work reports of `JiangGufan/digital-governance` not in the evaluation set: 89 false
alarms before, 5 after)."""

from __future__ import annotations

import pytest

from techzone.extract import extract_text

REVIEW = [
    "持续加大脱贫群众产业和就业帮扶力度，获得财政衔接补助资金8.58亿元。",
    "全面落实各项惠企政策，兑现政策性奖补资金1.1亿元，落实银企对接资金179.5亿元。",
    "全力创建“企业之家”，拨付涉企财政资金1.76亿元、惠及企业183户。",
    "资助困难学生82.31万人次、资金6.31亿元。",
    "对上争取有新突破，全年争取政策性资金239亿元。",
    "城乡低保标准分别提高到每人每月1045元、814元。",
    "城区农村困难群众冬季取暖补助标准由每户200元提高到1110元。",
    "社会保障有力有效，城乡居民最低生活保障分别上调60元、53元。",
    "大力培育国家级工业互联网平台，力争人工智能、大数据产业规模分别提升至900亿元、1100亿元。",
    "城乡居民人均可支配收入分别完成47125元、25913元。",
    "科技成果加速转化，完成技术合同认定登记额42.9亿元、增长83.6%。",
    "组建10亿元工业发展投资基金、5000万元工业企业应急转贷资金。",
    "设立市级应急转贷资金，提供临时周转56.7亿元。",
    "支持宜都、枝江经济总量冲刺1000亿元。",
    "力争5亿元（3000万美元）以上产业项目30个。",
    "办理减税降费、退税缓费过百亿元。",
    "全面落实河湖长制，建立健全生态保护补偿机制，主要河流出境断面水质优良率保持100％。",
    "玉柴本地配套率上升至48%。",
]


@pytest.mark.parametrize("text", REVIEW)
def test_a_reviews_or_a_plans_sum_is_no_award(text: str) -> None:
    assert [c.amount_text for c in extract_text(text)] == []


OFFERS = [
    ("对新认定的国家级企业技术中心，按规定兑现奖励50万元。", 500_000),
    ("新引进的博士，发放安家补贴10万元。", 100_000),
    ("对获得国家科技进步奖的企业，给予一次性奖励50万元。", 500_000),
    ("对首次入选的企业，拨付奖励资金20万元。", 200_000),
]


@pytest.mark.parametrize(("text", "yuan"), OFFERS)
def test_an_offer_with_a_condition_stays_an_award(text: str, yuan: int) -> None:
    assert [c.amount_yuan or c.cap_yuan for c in extract_text(text)] == [yuan]
