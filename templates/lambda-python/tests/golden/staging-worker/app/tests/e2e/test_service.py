"""End-to-end: invokes the deployed function through its live alias. Skipped unless
FUNCTION_NAME is set and AWS credentials are available, e.g.

export FUNCTION_NAME=$(terraform output -raw function_name)
make test-e2e
"""

import json
import os

import boto3
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.enable_socket]


@pytest.fixture(scope="session")
def function_name() -> str:
    name = os.environ.get("FUNCTION_NAME")
    if not name:
        pytest.skip("FUNCTION_NAME is not set: end-to-end tests need a deployed function")
    if boto3.Session().get_credentials() is None:
        pytest.skip("no AWS credentials")
    return name


def invoke(function_name: str, event: dict[str, object]) -> dict[str, object]:
    response = boto3.client("lambda").invoke(
        FunctionName=function_name,
        Qualifier="live",
        Payload=json.dumps(event).encode(),
    )
    assert "FunctionError" not in response, response["Payload"].read()
    return json.loads(response["Payload"].read())


def test_places_an_order(function_name: str) -> None:
    result = invoke(
        function_name,
        {"sku": "E2E", "quantity": 10, "unit_price_cents": 100, "customer_reference": f"e2e-{os.getpid()}"},
    )
    assert result["total_cents"] == 950
