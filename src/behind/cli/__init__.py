"""The ``behind`` command line: thin commands over the packages below.

Loading the command modules makes a few hundred thousand objects that live as long as the
process. The cyclic garbage collector would walk them again and again while they load and
after (0.05 s of a cold ``behind search``, 0.1 s of one that reads the pinyin tables), so it
is paused while they load and then told to leave them out of later collections
(:func:`gc.freeze`); reference counting frees what is dropped as before.
"""

import gc

_collecting = gc.isenabled()
gc.disable()
try:
    from behind.cli.app import app, main
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["app", "main"]
