"""Where document changes go once understood."""

from __future__ import annotations

from typing import Protocol

from ..models.changes import DocumentChange
from ..observability import logger


class ChangePublisher(Protocol):
    """Receives every document change of a batch, in order. Implementations: logging (deployed),
    in memory (tests)."""

    def publish(self, change: DocumentChange) -> None:
        """Take one change; may buffer it until flush()."""
        ...

    def flush(self) -> None:
        """Deliver everything taken so far; raise if that is not possible."""
        ...


class LoggingChangePublisher:
    """Writes each change as a structured log line (without the document itself): the
    starting point for the service's own reaction to changes."""

    def publish(self, change: DocumentChange) -> None:
        logger.info(
            "document changed",
            extra={
                "change_id": change.change_id,
                "operation": change.operation,
                "database": change.database,
                "collection": change.collection,
                "document_id": change.document_id,
            },
        )

    def flush(self) -> None:
        return None
