"""The API routes, called with the events API Gateway sends."""

import json
from typing import Any

import pytest

from pricing_api_service.handlers.api import lambda_handler


def call(event: dict[str, Any], context: Any) -> tuple[int, Any]:
    response = lambda_handler(event, context)
    return response["statusCode"], json.loads(response["body"]) if response.get("body") else None


def test_quote(api_event: Any, lambda_context: Any) -> None:
    status, body = call(
        api_event("POST", "/quotes", {"sku": "BOOK-1", "quantity": 100, "unit_price_cents": 1_000}), lambda_context
    )
    assert status == 200
    assert body["discount_percent"] == 10
    assert body["total_cents"] == 90_000


@pytest.mark.parametrize(
    "payload",
    [None, {"sku": "BOOK-1"}, {"sku": "BOOK-1", "quantity": 0, "unit_price_cents": 1}],
)
def test_invalid_quote_is_rejected_with_422(api_event: Any, lambda_context: Any, payload: Any) -> None:
    status, _ = call(api_event("POST", "/quotes", payload), lambda_context)
    assert status == 422


def test_unknown_route(api_event: Any, lambda_context: Any) -> None:
    status, _ = call(api_event("GET", "/nothing-here"), lambda_context)
    assert status == 404
