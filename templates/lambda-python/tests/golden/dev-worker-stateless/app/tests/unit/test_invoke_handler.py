"""The direct-invocation entry point."""

from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser import ValidationError

from quote_calculator_service.handlers.invoke import lambda_handler


def test_prices_the_request(lambda_context: Any) -> None:
    result = lambda_handler({"sku": "BOOK-1", "quantity": 10, "unit_price_cents": 1_000}, lambda_context)
    assert result["discount_percent"] == 5
    assert result["total_cents"] == 9_500


def test_invalid_event_fails_the_invocation(lambda_context: Any) -> None:
    with pytest.raises(ValidationError):
        lambda_handler({"sku": "BOOK-1", "quantity": 0, "unit_price_cents": 1}, lambda_context)
