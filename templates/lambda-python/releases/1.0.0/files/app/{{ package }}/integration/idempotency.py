"""Powertools idempotency on the DynamoDB table created by the Terraform module."""

from __future__ import annotations

from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer


def dynamodb_persistence_layer(table_name: str) -> BasePersistenceLayer:
    """Records keyed by "id" expiring through the "expiration" TTL attribute, as the table defines."""
    return DynamoDBPersistenceLayer(table_name=table_name)
