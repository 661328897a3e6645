"""Fixtures for unit tests: a fake Lambda context, change events and in-memory adapters."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from payments_ledger_consumer.handlers.dependencies import Dependencies, use_dependencies
from payments_ledger_consumer.integration.in_memory import InMemoryChangePublisher, InMemoryDeadLetterQueue

CLUSTER_ARN = "arn:aws:rds:eu-west-1:123456789012:cluster:unit-tests"


@pytest.fixture(autouse=True)
def _no_real_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials: a unit test that reaches for AWS fails on the blocked socket,
    never against a real account."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")


@dataclass
class FakeLambdaContext:
    function_name: str = "unit-test-consumer"
    function_version: str = "1"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:unit-test-consumer:live"
    aws_request_id: str = "00000000-0000-4000-8000-000000000000"
    log_group_name: str = "/aws/lambda/unit-test-consumer"
    log_stream_name: str = "2025/01/01/[1]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


def make_change(
    operation: str = "insert",
    *,
    oid: str = "63eeb6e7d418cd98afb1c1d7",
    resume: str = "0163eeb6e7000000090100000009000041e1",
    document: dict[str, Any] | None = None,
    collection: str | None = "entries",
) -> dict[str, Any]:
    """One record as the DocumentDB event source mapping delivers it."""
    event: dict[str, Any] = {
        "_id": {"_data": resume},
        "clusterTime": {"$timestamp": {"t": 1676588775, "i": 9}},
        "ns": {"db": "ledger", "coll": collection},
        "operationType": operation,
    }
    if operation in {"insert", "update", "replace", "delete"}:
        event["documentKey"] = {"_id": {"$oid": oid}}
    if operation in {"insert", "replace", "update"}:
        event["fullDocument"] = document if document is not None else {"_id": {"$oid": oid}, "status": "NEW"}
    if operation == "update":
        event["updateDescription"] = {"updatedFields": {"status": "PAID"}, "removedFields": []}
    return {"event": event}


@pytest.fixture
def change() -> Callable[..., dict[str, Any]]:
    return make_change


@pytest.fixture
def batch() -> Callable[..., dict[str, Any]]:
    def build(*records: dict[str, Any]) -> dict[str, Any]:
        return {"eventSourceArn": CLUSTER_ARN, "eventSource": "aws:docdb", "events": list(records)}

    return build


@pytest.fixture
def dependencies() -> Iterator[Dependencies]:
    """In-memory adapters installed for the test, removed afterwards."""
    installed = Dependencies(publisher=InMemoryChangePublisher(), dead_letters=InMemoryDeadLetterQueue())
    use_dependencies(installed)
    yield installed
    use_dependencies(None)
