"""The event source mapping's entry point."""

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from payments_ledger_consumer.handlers.change_stream import lambda_handler
from payments_ledger_consumer.handlers.dependencies import Dependencies, use_dependencies
from payments_ledger_consumer.integration.in_memory import InMemoryChangePublisher, InMemoryDeadLetterQueue

Build = Callable[..., dict[str, Any]]


def test_publishes_every_document_change_in_order(
    lambda_context: Any, dependencies: Dependencies, change: Build, batch: Build
) -> None:
    event = batch(change("insert", resume="a1"), change("update", resume="a2"), change("delete", resume="a3"))
    result = lambda_handler(event, lambda_context)
    assert result == {"published": 3, "skipped": 0, "dead_lettered": 0}
    publisher = dependencies.publisher
    assert isinstance(publisher, InMemoryChangePublisher)
    assert [c.operation for c in publisher.delivered] == ["insert", "update", "delete"]


def test_a_bad_record_goes_to_the_dead_letter_queue_and_the_batch_succeeds(
    lambda_context: Any, dependencies: Dependencies, change: Build, batch: Build
) -> None:
    broken = change("insert")
    del broken["event"]["documentKey"]
    result = lambda_handler(batch(change("insert"), broken, {"unexpected": True}), lambda_context)
    assert result == {"published": 1, "skipped": 0, "dead_lettered": 2}
    queue = dependencies.dead_letters
    assert isinstance(queue, InMemoryDeadLetterQueue)
    assert queue.letters[0].reason == "the change has no documentKey._id"
    assert queue.letters[1].reason.startswith("invalid change event: event:")
    assert queue.letters[1].record == {"unexpected": True}


def test_collection_events_are_skipped(
    lambda_context: Any, dependencies: Dependencies, change: Build, batch: Build
) -> None:
    result = lambda_handler(batch(change("drop"), change("invalidate")), lambda_context)
    assert result == {"published": 0, "skipped": 2, "dead_lettered": 0}


def test_an_unreachable_dead_letter_queue_fails_the_batch_for_a_retry(
    lambda_context: Any, change: Build, batch: Build
) -> None:
    use_dependencies(Dependencies(publisher=InMemoryChangePublisher(), dead_letters=InMemoryDeadLetterQueue(fail=True)))
    try:
        with pytest.raises(ConnectionError):
            lambda_handler(batch({"not": "a change"}), lambda_context)
    finally:
        use_dependencies(None)


def test_a_wrong_envelope_fails_the_invocation(lambda_context: Any, dependencies: Dependencies) -> None:
    with pytest.raises(ValidationError):
        lambda_handler({"eventSource": "aws:kinesis", "events": []}, lambda_context)
