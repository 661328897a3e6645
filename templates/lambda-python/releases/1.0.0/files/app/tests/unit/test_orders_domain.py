"""Placing and reading orders against the in-memory repository."""

from datetime import UTC, datetime

import pytest

from {{ package | safe }}.domain.orders import OrderNotFoundError, create_order, get_order
from {{ package | safe }}.integration.in_memory import InMemoryOrderRepository
from {{ package | safe }}.integration.repository import OrderAlreadyExistsError
from {{ package | safe }}.models.orders import CreateOrderRequest

FIXED_TIME = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
REQUEST = CreateOrderRequest(sku="BOOK-1", quantity=10, unit_price_cents=1_000, customer_reference="po-1")


def test_create_order_prices_and_stores_it() -> None:
    repository = InMemoryOrderRepository()
    order = create_order(REQUEST, repository, clock=lambda: FIXED_TIME, new_id=lambda: "a" * 32)
    assert order.order_id == "a" * 32
    assert order.discount_percent == 5
    assert order.total_cents == 9_500
    assert order.created_at == FIXED_TIME
    assert get_order(order.order_id, repository) == order


def test_order_ids_are_unique() -> None:
    repository = InMemoryOrderRepository()
    first = create_order(REQUEST, repository)
    second = create_order(REQUEST, repository)
    assert first.order_id != second.order_id
    assert len(repository) == 2


def test_duplicate_id_is_refused() -> None:
    repository = InMemoryOrderRepository()
    create_order(REQUEST, repository, new_id=lambda: "b" * 32)
    with pytest.raises(OrderAlreadyExistsError):
        create_order(REQUEST, repository, new_id=lambda: "b" * 32)


def test_missing_order() -> None:
    with pytest.raises(OrderNotFoundError) as raised:
        get_order("c" * 32, InMemoryOrderRepository())
    assert raised.value.order_id == "c" * 32
