"""The DynamoDB adapter against the deployed table."""

import uuid
from datetime import UTC, datetime

import boto3
import pytest

from {{ package | safe }}.integration.dynamodb import DynamoDBOrderRepository
from {{ package | safe }}.integration.repository import OrderAlreadyExistsError
from {{ package | safe }}.models.orders import Order

pytestmark = [pytest.mark.integration, pytest.mark.enable_socket]


def test_round_trip(orders_table_name: str, aws_session: boto3.Session) -> None:
    repository = DynamoDBOrderRepository(orders_table_name, client=aws_session.client("dynamodb"))
    order = Order(
        order_id=uuid.uuid4().hex,
        sku="INTEGRATION-TEST",
        quantity=1,
        unit_price_cents=1,
        discount_percent=0,
        total_cents=1,
        customer_reference="integration-test",
        created_at=datetime.now(UTC),
    )
    repository.add(order)
    assert repository.get(order.order_id) == order
    with pytest.raises(OrderAlreadyExistsError):
        repository.add(order)
