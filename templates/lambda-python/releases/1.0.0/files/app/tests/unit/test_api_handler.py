"""The API routes, called with the events API Gateway sends."""

import json
from typing import Any

import pytest

from {{ package | safe }}.handlers.api import lambda_handler
{%- if enable_table %}
from {{ package | safe }}.handlers.dependencies import Dependencies
{%- endif %}


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
{%- if enable_table %}


ORDER = {"sku": "BOOK-1", "quantity": 10, "unit_price_cents": 1_000, "customer_reference": "po-42"}


def test_create_and_read_an_order(api_event: Any, lambda_context: Any, dependencies: Dependencies) -> None:
    status, created = call(api_event("POST", "/orders", ORDER), lambda_context)
    assert status == 201
    assert created["total_cents"] == 9_500

    order_id = created["order_id"]
    status, read = call(api_event("GET", f"/orders/{order_id}", path_parameters={"order_id": order_id}), lambda_context)
    assert status == 200
    assert read == created


def test_retrying_an_order_does_not_create_another(
    api_event: Any, lambda_context: Any, dependencies: Dependencies
) -> None:
    first_status, first = call(api_event("POST", "/orders", ORDER), lambda_context)
    second_status, second = call(api_event("POST", "/orders", ORDER), lambda_context)
    assert (first_status, second_status) == (201, 201)
    assert second == first
    assert len(dependencies.orders) == 1  # type: ignore[arg-type]


def test_different_orders_are_both_created(api_event: Any, lambda_context: Any, dependencies: Dependencies) -> None:
    call(api_event("POST", "/orders", ORDER), lambda_context)
    call(api_event("POST", "/orders", {**ORDER, "customer_reference": "po-43"}), lambda_context)
    assert len(dependencies.orders) == 2  # type: ignore[arg-type]


def test_missing_order_is_404(api_event: Any, lambda_context: Any, dependencies: Dependencies) -> None:
    order_id = "f" * 32
    status, body = call(api_event("GET", f"/orders/{order_id}", path_parameters={"order_id": order_id}), lambda_context)
    assert status == 404
    assert order_id in body["message"]


def test_malformed_order_id_is_422(api_event: Any, lambda_context: Any, dependencies: Dependencies) -> None:
    status, _ = call(api_event("GET", "/orders/not-an-id", path_parameters={"order_id": "not-an-id"}), lambda_context)
    assert status == 422
{%- endif %}
