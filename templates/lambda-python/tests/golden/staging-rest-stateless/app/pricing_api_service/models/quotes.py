"""Models of the pricing sample: a quote request and the quote computed for it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SKU_PATTERN = r"^[A-Z0-9][A-Z0-9-]{0,63}$"


class QuoteRequest(BaseModel):
    """A request to price some quantity of one product."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sku: str = Field(pattern=SKU_PATTERN, description="Product code, e.g. BOOK-123.")
    quantity: int = Field(ge=1, le=10_000)
    unit_price_cents: int = Field(ge=0, le=100_000_000)


class Quote(BaseModel):
    """The price of a quote request after volume discounts, in cents."""

    model_config = ConfigDict(frozen=True)

    sku: str
    quantity: int
    unit_price_cents: int
    subtotal_cents: int
    discount_percent: int
    total_cents: int
