"""``python -m behind.cli``: the same as the ``behind`` command."""

from behind.cli.app import app

app()
