"""Fixtures for unit tests: a fake Lambda context, API Gateway events."""

import json
from dataclasses import dataclass
from typing import Any

import pytest


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


@pytest.fixture
def api_event() -> Any:
    """Builds the event API Gateway sends for a request from an authenticated caller."""

    def build(
        method: str, path: str, body: Any = None, *, path_parameters: dict[str, str] | None = None
    ) -> dict[str, Any]:
        payload = None if body is None else json.dumps(body)
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

    return build
