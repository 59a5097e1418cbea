"""The ``behind`` command line: thin commands over the packages below."""

from behind.cli.app import app, main

__all__ = ["app", "main"]
