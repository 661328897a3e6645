"""Fixtures for unit tests: a fake Lambda context{% if enable_api %}, API Gateway events{% endif %}{% if enable_table %}, in-memory adapters{% endif %}."""
{% if enable_table %}
import datetime as dt
{%- endif %}
{%- if enable_api %}
import json
{%- endif %}
{%- if enable_table %}
from collections.abc import Iterator
{%- endif %}
from dataclasses import dataclass
{%- if enable_api %}
from typing import Any
{%- endif %}

import pytest
{%- if enable_table %}
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from {{ package | safe }}.handlers.dependencies import Dependencies, use_dependencies
from {{ package | safe }}.integration.in_memory import InMemoryOrderRepository
{%- endif %}


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
    function_name: str = "unit-test-function"
    function_version: str = "1"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:unit-test-function:live"
    aws_request_id: str = "00000000-0000-4000-8000-000000000000"
    log_group_name: str = "/aws/lambda/unit-test-function"
    log_stream_name: str = "2025/01/01/[1]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()
{%- if enable_api %}


@pytest.fixture
def api_event() -> Any:
    """Builds the event API Gateway sends for a request from an authenticated caller."""

    def build(
        method: str, path: str, body: Any = None, *, path_parameters: dict[str, str] | None = None
    ) -> dict[str, Any]:
        payload = None if body is None else json.dumps(body)
{%- if api_type == "http" %}
        return {
            "version": "2.0",
            "routeKey": f"{method} {path}",
            "rawPath": path,
            "rawQueryString": "",
            "headers": {"content-type": "application/json", "authorization": "Bearer token"},
            "pathParameters": path_parameters,
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "api",
                "domainName": "api.example.com",
                "http": {
                    "method": method,
                    "path": path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": "192.0.2.1",
                    "userAgent": "pytest",
                },
                "requestId": "request-1",
                "routeKey": f"{method} {path}",
                "stage": "$default",
                "time": "01/Jan/2025:00:00:00 +0000",
                "timeEpoch": 1735689600000,
                "authorizer": {"jwt": {"claims": {"sub": "user-1"}, "scopes": None}},
            },
            "body": payload,
            "isBase64Encoded": False,
        }
{%- else %}
        return {
            "resource": path,
            "path": path,
            "httpMethod": method,
            "headers": {"content-type": "application/json", "Authorization": "token"},
            "multiValueHeaders": {},
            "queryStringParameters": None,
            "multiValueQueryStringParameters": None,
            "pathParameters": path_parameters,
            "stageVariables": None,
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "api",
                "httpMethod": method,
                "path": f"/v1{path}",
                "resourcePath": path,
                "requestId": "request-1",
                "stage": "v1",
                "identity": {"sourceIp": "192.0.2.1", "userAgent": "pytest"},
                "authorizer": {"claims": {"sub": "user-1"}},
            },
            "body": payload,
            "isBase64Encoded": False,
        }
{%- endif %}

    return build
{%- endif %}
{%- if enable_table %}


class InMemoryIdempotencyStore(BasePersistenceLayer):
    """Powertools persistence layer in a dict, with the DynamoDB layer's put semantics."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, DataRecord] = {}

    def _get_record(self, idempotency_key: str) -> DataRecord:
        try:
            return self.records[idempotency_key]
        except KeyError as error:
            raise IdempotencyItemNotFoundError from error

    def _put_record(self, data_record: DataRecord) -> None:
        existing = self.records.get(data_record.idempotency_key)
        now_millis = int(dt.datetime.now().timestamp() * 1000)
        in_progress_expired = (
            existing is not None
            and existing.status == "INPROGRESS"
            and existing.in_progress_expiry_timestamp is not None
            and existing.in_progress_expiry_timestamp < now_millis
        )
        if existing is not None and not existing.is_expired and not in_progress_expired:
            raise IdempotencyItemAlreadyExistsError(old_data_record=existing)
        self.records[data_record.idempotency_key] = data_record

    def _update_record(self, data_record: DataRecord) -> None:
        self.records[data_record.idempotency_key] = data_record

    def _delete_record(self, data_record: DataRecord) -> None:
        self.records.pop(data_record.idempotency_key, None)


@pytest.fixture
def dependencies() -> Iterator[Dependencies]:
    """In-memory adapters installed for the test, removed afterwards."""
    installed = Dependencies(
        orders=InMemoryOrderRepository(),
        idempotency_store=InMemoryIdempotencyStore(),
        idempotency_config=IdempotencyConfig(expires_after_seconds=60),
    )
    use_dependencies(installed)
    yield installed
    use_dependencies(None)
{%- endif %}
