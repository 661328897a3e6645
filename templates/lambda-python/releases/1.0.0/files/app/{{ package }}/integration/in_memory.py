"""An OrderRepository in a dict, for unit tests and local experiments."""

from __future__ import annotations

from ..models.orders import Order
from .repository import OrderAlreadyExistsError


class InMemoryOrderRepository:
    """Keeps orders for the life of the object; never use it in a deployed function."""

    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}

    def add(self, order: Order) -> None:
        if order.order_id in self._orders:
            raise OrderAlreadyExistsError(order.order_id)
        self._orders[order.order_id] = order

    def get(self, order_id: str) -> Order | None:
        return self._orders.get(order_id)

    def __len__(self) -> int:
        return len(self._orders)
