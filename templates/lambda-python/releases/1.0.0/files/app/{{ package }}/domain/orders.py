"""Placing and reading orders. Storage is reached only through OrderRepository."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from ..integration.repository import OrderRepository
from ..models.orders import CreateOrderRequest, Order
from ..models.quotes import QuoteRequest
from .quotes import quote


class OrderNotFoundError(LookupError):
    """No order has the requested id."""

    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id} does not exist")
        self.order_id = order_id


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


def create_order(
    request: CreateOrderRequest,
    repository: OrderRepository,
    *,
    clock: Callable[[], datetime] = _now,
    new_id: Callable[[], str] = _new_id,
) -> Order:
    """Price the order with the volume rules and store it."""
    priced = quote(
        QuoteRequest(sku=request.sku, quantity=request.quantity, unit_price_cents=request.unit_price_cents),
    )
    order = Order(
        order_id=new_id(),
        sku=request.sku,
        quantity=request.quantity,
        unit_price_cents=request.unit_price_cents,
        discount_percent=priced.discount_percent,
        total_cents=priced.total_cents,
        customer_reference=request.customer_reference,
        created_at=clock(),
    )
    repository.add(order)
    return order


def get_order(order_id: str, repository: OrderRepository) -> Order:
    """The stored order, or OrderNotFoundError."""
    order = repository.get(order_id)
    if order is None:
        raise OrderNotFoundError(order_id)
    return order
