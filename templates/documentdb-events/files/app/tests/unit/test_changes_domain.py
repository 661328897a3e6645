"""What a change event becomes."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from {{ package | safe }}.domain.changes import UnprocessableChangeError, document_id, occurred_at, process_batch
from {{ package | safe }}.integration.in_memory import InMemoryChangePublisher, InMemoryDeadLetterQueue

CLUSTER_ARN = "arn:aws:rds:eu-west-1:123456789012:cluster:unit-tests"
Build = Callable[..., dict[str, Any]]


def test_an_insert_becomes_a_document_change(change: Build) -> None:
    publisher = InMemoryChangePublisher()
    outcome = process_batch(
        [change("insert", oid="0123456789abcdef01234567", resume="t1")],
        event_source_arn=CLUSTER_ARN,
        publisher=publisher,
        dead_letters=InMemoryDeadLetterQueue(),
    )
    assert outcome.published == 1
    (result,) = publisher.delivered
    assert result.document_id == "0123456789abcdef01234567"
    assert result.database == {{ database_name }}
    assert result.collection == {{ collection_name }}
    assert result.change_id == '{"_data":"t1"}'
    assert result.occurred_at == datetime(2023, 2, 16, 23, 6, 15, tzinfo=UTC)
    assert result.document == {"_id": {"$oid": "0123456789abcdef01234567"}, "status": "NEW"}


def test_an_update_carries_the_changed_fields(change: Build) -> None:
    publisher = InMemoryChangePublisher()
    process_batch(
        [change("update")], event_source_arn=CLUSTER_ARN, publisher=publisher, dead_letters=InMemoryDeadLetterQueue()
    )
    (result,) = publisher.delivered
    assert result.updated_fields == {"status": "PAID"}
    assert result.removed_fields == []


def test_nothing_is_delivered_before_the_batch_is_done(change: Build) -> None:
    class Recording(InMemoryChangePublisher):
        flushes = 0

        def flush(self) -> None:
            self.flushes += 1
            super().flush()

    publisher = Recording()
    process_batch(
        [change(), change()], event_source_arn=CLUSTER_ARN, publisher=publisher, dead_letters=InMemoryDeadLetterQueue()
    )
    assert publisher.flushes == 1
    assert len(publisher.delivered) == 2


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ({"_id": {"$oid": "63eeb6e7d418cd98afb1c1d7"}}, "63eeb6e7d418cd98afb1c1d7"),
        ({"_id": "order-42"}, "order-42"),
        ({"_id": {"tenant": "a", "n": 1}}, '{"n":1,"tenant":"a"}'),
    ],
)
def test_document_ids(key: dict[str, object], expected: str) -> None:
    assert document_id(key) == expected


def test_a_change_without_a_document_key_is_unprocessable() -> None:
    with pytest.raises(UnprocessableChangeError):
        document_id(None)


def test_an_unreadable_cluster_time_is_unprocessable() -> None:
    with pytest.raises(UnprocessableChangeError):
        occurred_at({"$timestamp": {"i": 1}})
    assert occurred_at(None) is None
