"""Matching: the name index, the scorer, links between lists' records of one entity, the matcher."""

from behind.matching.index import Candidate, NameIndex
from behind.matching.linking import link_entities
from behind.matching.match import DEFAULT_THRESHOLD, Index, Match, Query, id_key, list_version
from behind.matching.score import NameScore, Pair, score_names, token_similarity

__all__ = ["DEFAULT_THRESHOLD", "Candidate", "Index", "Match", "NameIndex", "NameScore", "Pair", "Query", "id_key",
           "link_entities", "list_version", "score_names", "token_similarity"]
