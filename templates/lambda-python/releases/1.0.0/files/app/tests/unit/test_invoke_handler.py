"""The direct-invocation entry point."""

from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser import ValidationError
{% if enable_table %}
from {{ package | safe }}.handlers.dependencies import Dependencies
{%- endif %}
from {{ package | safe }}.handlers.invoke import lambda_handler
{%- if enable_table %}

ORDER = {"sku": "BOOK-1", "quantity": 10, "unit_price_cents": 1_000, "customer_reference": "po-42"}


def test_places_an_order(lambda_context: Any, dependencies: Dependencies) -> None:
    result = lambda_handler(ORDER, lambda_context)
    assert result["total_cents"] == 9_500
    assert dependencies.orders.get(result["order_id"]) is not None


def test_the_same_event_twice_places_one_order(lambda_context: Any, dependencies: Dependencies) -> None:
    first = lambda_handler(ORDER, lambda_context)
    second = lambda_handler(ORDER, lambda_context)
    assert first == second
    assert len(dependencies.orders) == 1  # type: ignore[arg-type]


def test_invalid_event_fails_the_invocation(lambda_context: Any, dependencies: Dependencies) -> None:
    with pytest.raises(ValidationError):
        lambda_handler({**ORDER, "quantity": 0}, lambda_context)
{%- else %}


def test_prices_the_request(lambda_context: Any) -> None:
    result = lambda_handler({"sku": "BOOK-1", "quantity": 10, "unit_price_cents": 1_000}, lambda_context)
    assert result["discount_percent"] == 5
    assert result["total_cents"] == 9_500


def test_invalid_event_fails_the_invocation(lambda_context: Any) -> None:
    with pytest.raises(ValidationError):
        lambda_handler({"sku": "BOOK-1", "quantity": 0, "unit_price_cents": 1}, lambda_context)
{%- endif %}
