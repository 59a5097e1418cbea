"""The relation graph: who owns, brands, relabels or renamed whom; the regimes; the exposure walk."""

from behind.graph.confirmation import confirm, confirm_all
from behind.graph.exposure import explain
from behind.graph.graph import OWNERSHIP, PARENTWARD, Graph
from behind.graph.regimes import Regime, load_regimes

__all__ = ["OWNERSHIP", "PARENTWARD", "Graph", "Regime", "confirm", "confirm_all", "explain", "load_regimes"]
