"""The one error type gwparse raises for anything a user's input can cause."""
from __future__ import annotations


class GwparseError(Exception):
    """A document gwparse cannot read, with a one-line reason a user can act on.

    ``str(err)`` is the reason; the CLI prints ``gwparse: SOURCE: reason``.
    """

    def __init__(self, reason: str, source: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __str__(self) -> str:  # the reason only; the CLI adds the source
        return self.reason

    def __reduce__(self):  # picklable across process pools
        return (type(self), (self.reason, self.source))
