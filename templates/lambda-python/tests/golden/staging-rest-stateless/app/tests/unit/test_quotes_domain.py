"""Volume pricing rules."""

import pytest
from pydantic import ValidationError

from pricing_api_service.domain.quotes import discount_percent, quote
from pricing_api_service.models.quotes import QuoteRequest


@pytest.mark.parametrize(
    ("quantity", "percent"),
    [(1, 0), (9, 0), (10, 5), (99, 5), (100, 10), (999, 10), (1_000, 15), (10_000, 15)],
)
def test_discount_tiers(quantity: int, percent: int) -> None:
    assert discount_percent(quantity) == percent


def test_quote_applies_the_discount() -> None:
    result = quote(QuoteRequest(sku="BOOK-1", quantity=100, unit_price_cents=1_999))
    assert result.subtotal_cents == 199_900
    assert result.discount_percent == 10
    assert result.total_cents == 179_910


def test_discount_rounds_in_the_customers_favour() -> None:
    result = quote(QuoteRequest(sku="PEN", quantity=10, unit_price_cents=1))
    assert result.subtotal_cents == 10
    assert result.total_cents == 9


def test_quote_without_discount() -> None:
    result = quote(QuoteRequest(sku="PEN", quantity=3, unit_price_cents=250))
    assert (result.discount_percent, result.total_cents) == (0, 750)


@pytest.mark.parametrize(
    "payload",
    [
        {"sku": "", "quantity": 1, "unit_price_cents": 1},
        {"sku": "lowercase", "quantity": 1, "unit_price_cents": 1},
        {"sku": "PEN", "quantity": 0, "unit_price_cents": 1},
        {"sku": "PEN", "quantity": 1, "unit_price_cents": -1},
        {"sku": "PEN", "quantity": 1, "unit_price_cents": 1, "unexpected": True},
    ],
)
def test_invalid_requests_are_rejected(payload: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        QuoteRequest.model_validate(payload)
