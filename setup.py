"""The build hook: the matcher's hottest pure-Python modules compiled to C with mypyc, and the
shortlist's pass over its postings, written in C (``KERNELS``).

The modules listed in ``COMPILED`` are ordinary, fully typed Python (``mypy --strict`` clean);
mypyc turns each into a C extension that does the same work faster (the matcher answers about
1.5 times as many queries per second: ``bench/scale.py``), and the interpreter imports the
extension instead of the ``.py`` file. Results are identical: the same float operations in the
same order (``bench/run.py --out`` is byte-identical either way; ``tests/test_compiled.py``).

The pass in C (``behind.matching.postings``) has no Python source: the shortlist calls it where it
is built and otherwise runs its numpy path, which answers the same (``tests/test_shortlist.py``).
Where mypyc or a C compiler is missing, or ``BEHIND_PURE_PYTHON=1`` is set, nothing is compiled
and Behind runs on the same modules as plain Python. ``python -m behind.matching.compiled`` says
which one a process runs.
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, setup

COMPILED = [
    "src/behind/text/legal_forms.py",
    "src/behind/text/persons.py",
    "src/behind/matching/ceiling.py",
    "src/behind/matching/compact.py",
    "src/behind/matching/gather.py",
    "src/behind/matching/index.py",
    "src/behind/matching/lookalike.py",
    "src/behind/matching/affiliate.py",
    "src/behind/matching/match.py",
    "src/behind/matching/pairing.py",
    "src/behind/matching/related.py",
    "src/behind/matching/rows.py",
    "src/behind/matching/score.py",
    "src/behind/matching/shortlist.py",
]
#: the shortlist's passes over postings, written in C (no Python source: where it is not built, the numpy
#: path of ``behind.matching.shortlist`` runs); no fused multiply-add, so the same floats as that path
KERNELS = [Extension("behind.matching.postings", ["src/behind/matching/postings.c"],
                     extra_compile_args=["-O3", "-ffp-contract=off"], optional=True)]
#: the build type-checks with whatever libraries its environment has: the ones it lacks read as Any
LENIENT = ["--ignore-missing-imports", "--no-warn-unused-ignores", "--no-warn-return-any", "--allow-subclassing-any",
           "--allow-untyped-decorators", "--allow-untyped-calls", "--no-warn-redundant-casts"]


def extensions() -> list:
    if os.environ.get("BEHIND_PURE_PYTHON", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify

        built = mypycify([*LENIENT, *COMPILED], opt_level="3", group_name="behind_compiled")
    except BaseException as exc:  # noqa: BLE001 - mypy exits with SystemExit on a type error
        print(f"behind: the matcher runs as pure Python ({type(exc).__name__}: {exc})", file=sys.stderr)
        return []
    for ext in built:
        ext.optional = True  # a failed C build leaves the pure-Python module in use
    return [*built, *KERNELS]


setup(ext_modules=extensions())
