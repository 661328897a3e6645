"""The composition root: which adapters the handler uses.

Deployed functions build them from the environment on first use; unit tests install
in-memory replacements with ``use_dependencies``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import get_settings
from ..integration.dead_letters import DeadLetterQueue
from ..integration.publisher import ChangePublisher


@dataclass(frozen=True)
class Dependencies:
    publisher: ChangePublisher
    dead_letters: DeadLetterQueue


_current: Dependencies | None = None


def get_dependencies() -> Dependencies:
    """The adapters for this function instance, built once per cold start."""
    global _current
    if _current is None:
        from ..integration.dead_letters import SqsDeadLetterQueue
        from ..integration.publisher import LoggingChangePublisher

        settings = get_settings()
        _current = Dependencies(
            publisher=LoggingChangePublisher(),
            dead_letters=SqsDeadLetterQueue(settings.dead_letter_queue_url),
        )
    return _current


def use_dependencies(dependencies: Dependencies | None) -> None:
    """Replace the adapters (tests); None goes back to building them from the environment."""
    global _current
    _current = dependencies
