"""The composition root: which adapters the handlers use.

Deployed functions build them from the environment on first use; unit tests install
in-memory replacements with ``use_dependencies``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

from ..config import get_settings
from ..integration.repository import OrderRepository


@dataclass(frozen=True)
class Dependencies:
    orders: OrderRepository
    idempotency_store: BasePersistenceLayer
    idempotency_config: IdempotencyConfig


_current: Dependencies | None = None


def get_dependencies() -> Dependencies:
    """The adapters for this function instance, built once per cold start."""
    global _current
    if _current is None:
        from ..integration.dynamodb import DynamoDBOrderRepository
        from ..integration.idempotency import dynamodb_persistence_layer

        settings = get_settings()
        _current = Dependencies(
            orders=DynamoDBOrderRepository(settings.orders_table_name),
            idempotency_store=dynamodb_persistence_layer(settings.idempotency_table_name),
            idempotency_config=IdempotencyConfig(expires_after_seconds=settings.idempotency_ttl_seconds),
        )
    return _current


def use_dependencies(dependencies: Dependencies | None) -> None:
    """Replace the adapters (tests); None goes back to building them from the environment."""
    global _current
    _current = dependencies
