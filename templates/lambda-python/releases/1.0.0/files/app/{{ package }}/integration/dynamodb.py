"""OrderRepository on the DynamoDB table created by the Terraform module."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import boto3
from botocore.exceptions import ClientError

from ..models.orders import Order
from .repository import OrderAlreadyExistsError


class DynamoDBOrderRepository:
    """Orders keyed by order_id; reads are strongly consistent."""

    def __init__(self, table_name: str, *, client: Any = None) -> None:
        self._table_name = table_name
        self._client = client if client is not None else boto3.client("dynamodb")

    def add(self, order: Order) -> None:
        try:
            self._client.put_item(
                TableName=self._table_name,
                Item=_to_item(order),
                ConditionExpression="attribute_not_exists(order_id)",
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise OrderAlreadyExistsError(order.order_id) from error
            raise

    def get(self, order_id: str) -> Order | None:
        response = self._client.get_item(
            TableName=self._table_name,
            Key={"order_id": {"S": order_id}},
            ConsistentRead=True,
        )
        item = response.get("Item")
        return _from_item(item) if item else None


def _to_item(order: Order) -> dict[str, dict[str, str]]:
    return {
        "order_id": {"S": order.order_id},
        "sku": {"S": order.sku},
        "quantity": {"N": str(order.quantity)},
        "unit_price_cents": {"N": str(order.unit_price_cents)},
        "discount_percent": {"N": str(order.discount_percent)},
        "total_cents": {"N": str(order.total_cents)},
        "customer_reference": {"S": order.customer_reference},
        "created_at": {"S": order.created_at.isoformat()},
    }


def _from_item(item: dict[str, dict[str, str]]) -> Order:
    return Order(
        order_id=item["order_id"]["S"],
        sku=item["sku"]["S"],
        quantity=int(item["quantity"]["N"]),
        unit_price_cents=int(item["unit_price_cents"]["N"]),
        discount_percent=int(item["discount_percent"]["N"]),
        total_cents=int(item["total_cents"]["N"]),
        customer_reference=item["customer_reference"]["S"],
        created_at=datetime.fromisoformat(item["created_at"]["S"]),
    )
