"""The DynamoDB adapter's requests and item mapping, checked with botocore's Stubber (no network)."""

from collections.abc import Iterator
from datetime import UTC, datetime

import boto3
import pytest
from botocore.stub import Stubber

from {{ package | safe }}.integration.dynamodb import DynamoDBOrderRepository
from {{ package | safe }}.integration.repository import OrderAlreadyExistsError
from {{ package | safe }}.models.orders import Order

TABLE = "orders-test"
ORDER = Order(
    order_id="d" * 32,
    sku="BOOK-1",
    quantity=3,
    unit_price_cents=500,
    discount_percent=0,
    total_cents=1_500,
    customer_reference="po-7",
    created_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
)
ITEM = {
    "order_id": {"S": "d" * 32},
    "sku": {"S": "BOOK-1"},
    "quantity": {"N": "3"},
    "unit_price_cents": {"N": "500"},
    "discount_percent": {"N": "0"},
    "total_cents": {"N": "1500"},
    "customer_reference": {"S": "po-7"},
    "created_at": {"S": "2025-01-02T03:04:05+00:00"},
}


@pytest.fixture
def stubbed() -> Iterator[tuple[DynamoDBOrderRepository, Stubber]]:
    client = boto3.client("dynamodb", region_name="eu-west-1")
    with Stubber(client) as stubber:
        yield DynamoDBOrderRepository(TABLE, client=client), stubber
        stubber.assert_no_pending_responses()


def test_add_writes_the_item_only_if_new(stubbed: tuple[DynamoDBOrderRepository, Stubber]) -> None:
    repository, stubber = stubbed
    stubber.add_response(
        "put_item",
        {},
        {"TableName": TABLE, "Item": ITEM, "ConditionExpression": "attribute_not_exists(order_id)"},
    )
    repository.add(ORDER)


def test_add_reports_a_taken_id(stubbed: tuple[DynamoDBOrderRepository, Stubber]) -> None:
    repository, stubber = stubbed
    stubber.add_client_error("put_item", service_error_code="ConditionalCheckFailedException")
    with pytest.raises(OrderAlreadyExistsError):
        repository.add(ORDER)


def test_get_reads_consistently_and_maps_the_item(stubbed: tuple[DynamoDBOrderRepository, Stubber]) -> None:
    repository, stubber = stubbed
    stubber.add_response(
        "get_item",
        {"Item": ITEM},
        {"TableName": TABLE, "Key": {"order_id": {"S": "d" * 32}}, "ConsistentRead": True},
    )
    assert repository.get("d" * 32) == ORDER


def test_get_missing_order(stubbed: tuple[DynamoDBOrderRepository, Stubber]) -> None:
    repository, stubber = stubbed
    stubber.add_response(
        "get_item", {}, {"TableName": TABLE, "Key": {"order_id": {"S": "e" * 32}}, "ConsistentRead": True}
    )
    assert repository.get("e" * 32) is None
