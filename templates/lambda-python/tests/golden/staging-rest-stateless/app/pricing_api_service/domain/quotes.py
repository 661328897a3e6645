"""Volume pricing: the sample business rule. Replace it with the service's own."""

from __future__ import annotations

from ..models.quotes import Quote, QuoteRequest

# (minimum quantity, discount percent), highest tier first.
VOLUME_DISCOUNTS: tuple[tuple[int, int], ...] = ((1_000, 15), (100, 10), (10, 5))


def discount_percent(quantity: int) -> int:
    """The volume discount for a quantity, in percent."""
    for minimum, percent in VOLUME_DISCOUNTS:
        if quantity >= minimum:
            return percent
    return 0


def quote(request: QuoteRequest) -> Quote:
    """Price a request; discounts round in the customer's favour."""
    subtotal = request.quantity * request.unit_price_cents
    percent = discount_percent(request.quantity)
    discount = (subtotal * percent + 99) // 100
    return Quote(
        sku=request.sku,
        quantity=request.quantity,
        unit_price_cents=request.unit_price_cents,
        subtotal_cents=subtotal,
        discount_percent=percent,
        total_cents=subtotal - discount,
    )
