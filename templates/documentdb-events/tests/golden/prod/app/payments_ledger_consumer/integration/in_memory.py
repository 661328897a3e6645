"""In-memory adapters for unit tests and local runs."""

from __future__ import annotations

from ..models.changes import DeadLetter, DocumentChange


class InMemoryDeadLetterQueue:
    def __init__(self, *, fail: bool = False) -> None:
        self.letters: list[DeadLetter] = []
        self._fail = fail

    def send(self, letter: DeadLetter) -> None:
        if self._fail:
            raise ConnectionError("dead-letter queue unreachable")
        self.letters.append(letter)


class InMemoryChangePublisher:
    def __init__(self) -> None:
        self.pending: list[DocumentChange] = []
        self.delivered: list[DocumentChange] = []

    def publish(self, change: DocumentChange) -> None:
        self.pending.append(change)

    def flush(self) -> None:
        self.delivered.extend(self.pending)
        self.pending.clear()
