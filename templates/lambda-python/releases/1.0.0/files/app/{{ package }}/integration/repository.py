"""The storage interface the domain depends on."""

from __future__ import annotations

from typing import Protocol

from ..models.orders import Order


class OrderAlreadyExistsError(Exception):
    """An order with the same id is already stored."""


class OrderRepository(Protocol):
    """Where orders live. Implementations: DynamoDB (production), in memory (tests)."""

    def add(self, order: Order) -> None:
        """Store a new order; raise OrderAlreadyExistsError if its id is taken."""
        ...

    def get(self, order_id: str) -> Order | None:
        """The order with this id, or None."""
        ...
