"""Entry point for direct invocations (SDK, Step Functions, EventBridge targets).

The event is parsed into a pydantic model (an invalid event fails the invocation with
a validation error), the domain does the work, and the result is returned as JSON.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..domain import orders
from ..models.orders import CreateOrderRequest, Order
from ..observability import logger, metrics, tracer
from .dependencies import get_dependencies


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_parser(model=CreateOrderRequest)
def lambda_handler(event: CreateOrderRequest, context: LambdaContext) -> dict[str, Any]:
    """Place an order; the same event delivered twice creates one order."""
    dependencies = get_dependencies()
    dependencies.idempotency_config.register_lambda_context(context)
    create_once = idempotent_function(
        data_keyword_argument="request",
        persistence_store=dependencies.idempotency_store,
        config=dependencies.idempotency_config,
        output_serializer=PydanticSerializer(model=Order),
    )(orders.create_order)
    order: Order = create_once(request=event, repository=dependencies.orders)
    metrics.add_metric(name="OrdersAccepted", unit=MetricUnit.Count, value=1)
    return order.model_dump(mode="json")
