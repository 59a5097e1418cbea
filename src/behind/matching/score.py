"""Score one query name against one listed name. Pure functions, no index.

Both names arrive as canonical tokens (see :mod:`behind.text`) with a
weight each: distinctive words weigh more than common ones (inverse document
frequency over all listed names), so "PayPal Holdings" does not alert on
"PANLI HOLDINGS": the shared word is common, the distinctive ones differ.

Tokens are paired, each at most once, in three passes: equal tokens; one token
equal to two adjacent tokens of the other name joined (``greatwall`` /
``great wall``); then similar tokens (Damerau-Levenshtein similarity of at
least ``MatchingConfig.min_token_similarity``, tokens of ``min_fuzzy_length`` letters or more). The score
is the weighted share of both names that is paired (a weighted Dice
coefficient), each pair counted at its similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from behind.model.matching import MatchingConfig

_DEFAULTS = MatchingConfig()
MIN_TOKEN_SIMILARITY = _DEFAULTS.min_token_similarity
MIN_FUZZY_LENGTH = _DEFAULTS.min_fuzzy_length


@dataclass(frozen=True)
class Pair:
    query: str
    listed: str
    similarity: float


@dataclass(frozen=True)
class NameScore:
    score: float
    pairs: tuple[Pair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_listed: tuple[str, ...]


def token_similarity(a: str, b: str, min_similarity: float = MIN_TOKEN_SIMILARITY,
                     min_length: int = MIN_FUZZY_LENGTH) -> float:
    """1.0 for equal tokens; for long enough tokens, 1 - edits / length; else 0."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < min_length:
        return 0.0
    sim = float(DamerauLevenshtein.normalized_similarity(a, b))
    return sim if sim >= min_similarity else 0.0


def score_names(query: tuple[str, ...], listed: tuple[str, ...],
                qweights: tuple[float, ...], lweights: tuple[float, ...],
                qsurface: tuple[str, ...] | None = None, lsurface: tuple[str, ...] | None = None,
                unmatched_listed_factor: float = 1.0, min_similarity: float = MIN_TOKEN_SIMILARITY,
                min_length: int = MIN_FUZZY_LENGTH) -> NameScore:
    """Weighted Dice score of two token lists. ``qweights`` of unknown query tokens should be high.

    ``qsurface``/``lsurface`` are the same words as written (before ``INTL`` became
    ``international``); similar-token pairing tries both forms, so a typo in a word
    that has a canonical form (``INDUTSRIES``) still meets it.

    ``unmatched_listed_factor`` below 1 makes listed words the query lacks count less:
    used for names rendered from Chinese, whose English forms often add words
    ("national", "state") that the Chinese name does not spell out.
    """
    q_used = [False] * len(query)
    l_used = [False] * len(listed)
    pairs: list[tuple[int, tuple[int, ...], float]] = []  # (query index, listed indexes, similarity)
    # 1. equal tokens
    positions: dict[str, list[int]] = {}
    for j, tok in enumerate(listed):
        positions.setdefault(tok, []).append(j)
    for i, tok in enumerate(query):
        for j in positions.get(tok, ()):
            if not l_used[j]:
                q_used[i] = l_used[j] = True
                pairs.append((i, (j,), 1.0))
                break
    # 2. one token is two adjacent tokens of the other joined
    if not all(q_used) and not all(l_used):
        for i, tok in enumerate(query):
            if q_used[i]:
                continue
            for j in range(len(listed) - 1):
                if not l_used[j] and not l_used[j + 1] and listed[j] + listed[j + 1] == tok:
                    q_used[i] = l_used[j] = l_used[j + 1] = True
                    pairs.append((i, (j, j + 1), 1.0))
                    break
        for j, tok in enumerate(listed):
            if l_used[j]:
                continue
            for i in range(len(query) - 1):
                if not q_used[i] and not q_used[i + 1] and query[i] + query[i + 1] == tok:
                    q_used[i] = q_used[i + 1] = l_used[j] = True
                    pairs.append((i, (j,), 1.0))
                    pairs.append((i + 1, (), 1.0))
                    break
    # 3. similar tokens, best pairs first
    if not all(q_used) and not all(l_used):
        cands = []
        for i, a in enumerate(query):
            if q_used[i]:
                continue
            for j, b in enumerate(listed):
                if not l_used[j]:
                    sim = token_similarity(a, b, min_similarity, min_length)
                    if qsurface is not None and lsurface is not None:
                        sim = max(sim, token_similarity(qsurface[i], lsurface[j], min_similarity, min_length))
                    if sim:
                        cands.append((sim, i, j))
        for sim, i, j in sorted(cands, reverse=True):
            if not q_used[i] and not l_used[j]:
                q_used[i] = l_used[j] = True
                pairs.append((i, (j,), sim))
    # weights: a query token paired with a listed token takes the listed token's weight
    qw = list(qweights)
    for i, js, _ in pairs:
        if len(js) == 1:
            qw[i] = lweights[js[0]]
        elif js:
            qw[i] = sum(lweights[j] for j in js)
        else:
            qw[i] = 0.0
    lw = [w if used else w * unmatched_listed_factor for w, used in zip(lweights, l_used)]
    total = sum(qw) + sum(lw)
    if total <= 0:
        return NameScore(0.0, (), query, listed)
    matched = 0.0
    out_pairs = []
    for i, js, sim in pairs:
        matched += sim * (qw[i] + sum(lweights[j] for j in js))
        if js:
            out_pairs.append(Pair(query[i], " ".join(listed[j] for j in js), round(sim, 4)))
    return NameScore(
        score=min(1.0, matched / total),
        pairs=tuple(out_pairs),
        unmatched_query=tuple(t for t, u in zip(query, q_used) if not u),
        unmatched_listed=tuple(t for t, u in zip(listed, l_used) if not u),
    )


__all__ = ["MIN_TOKEN_SIMILARITY", "NameScore", "Pair", "score_names", "token_similarity"]
