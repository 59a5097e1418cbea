"""The name scorer on its own: pure function, real name pairs."""

from __future__ import annotations

from behind.text import name_forms
from behind.matching.score import score_names, token_similarity


def score(a: str, b: str, weights: dict[str, float] | None = None, **kw: float) -> float:
    (qa, sa), (qb, sb) = name_forms(a), name_forms(b)
    w = weights or {}
    return score_names(qa, qb, tuple(w.get(t, 5.0) for t in qa), tuple(w.get(t, 5.0) for t in qb), sa, sb,
                       **kw).score


def test_equal_names_score_one():
    assert score("Zhejiang Dahua Technology Co., Ltd.", "ZHEJIANG DAHUA TECHNOLOGY COMPANY LIMITED") == 1.0


def test_word_order_does_not_matter():
    assert score("Quanguo Chen", "CHEN, Quanguo") == 1.0


def test_distinctive_words_decide():
    # "holdings" is common in lists (low weight); PayPal and Panli differ, so no alert
    weights = {"holdings": 1.5, "paypal": 9.0, "panli": 9.0}
    assert score("PayPal Holdings, Inc.", "PANLI HOLDINGS, INC.", weights) < 0.5
    assert score("Panli Holdings", "PANLI HOLDINGS, INC.", weights) == 1.0


def test_one_typo_costs_little():
    s = score("PRENSA LATNIA", "PRENSA LATINA")  # a transposition
    assert 0.9 < s < 1.0


def test_joined_words_meet_split_ones():
    assert score("ANHUI GREATWALL MILITARY INDUSTRY", "ANHUI GREAT WALL MILITARY INDUSTRY CO., LTD") == 1.0


def test_typo_in_a_word_with_a_canonical_form_still_pairs():
    # "industries" becomes "industry"; the typo "indutsries" is paired through the written form
    assert score("CHINA SOUTH INDUTSRIES GROUP", "CHINA SOUTH INDUSTRIES GROUP CORPORATION") > 0.9


def test_short_tokens_need_to_be_equal():
    assert token_similarity("abc", "abd") == 0.0
    assert token_similarity("latnia", "latina") > 0.8


def test_missing_listed_words_can_count_less():
    full = score("China Offshore Oil", "CHINA NATIONAL OFFSHORE OIL CORPORATION")
    lenient = score("China Offshore Oil", "CHINA NATIONAL OFFSHORE OIL CORPORATION", unmatched_listed_factor=0.5)
    assert lenient > full


def test_explanation_lists_pairs_and_leftovers():
    (qa, sa), (qb, sb) = name_forms("Iron Mountain"), name_forms("IRON MOUNTAIN ENTERPRISES LIMITED")
    ns = score_names(qa, qb, (5.0, 5.0), (5.0, 5.0, 2.0), sa, sb)
    assert [(p.query, p.listed) for p in ns.pairs] == [("iron", "iron"), ("mountain", "mountain")]
    assert ns.unmatched_listed == ("enterprises",) and ns.unmatched_query == ()
