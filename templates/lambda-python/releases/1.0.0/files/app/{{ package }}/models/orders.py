"""Models of the orders sample: what a caller sends and what the service stores."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from .quotes import SKU_PATTERN

ORDER_ID_PATTERN = r"^[a-f0-9]{32}$"


class CreateOrderRequest(BaseModel):
    """A caller's order for some quantity of one product at the agreed unit price."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sku: str = Field(pattern=SKU_PATTERN)
    quantity: int = Field(ge=1, le=10_000)
    unit_price_cents: int = Field(ge=0, le=100_000_000)
    customer_reference: str = Field(min_length=1, max_length=64, description="The caller's own id for the order.")


class Order(BaseModel):
    """A stored order."""

    model_config = ConfigDict(frozen=True)

    order_id: str = Field(pattern=ORDER_ID_PATTERN)
    sku: str
    quantity: int
    unit_price_cents: int
    discount_percent: int
    total_cents: int
    customer_reference: str
    created_at: datetime
