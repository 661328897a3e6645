"""Entry point for direct invocations (SDK, Step Functions, EventBridge targets).

The event is parsed into a pydantic model (an invalid event fails the invocation with
a validation error), the domain does the work, and the result is returned as JSON.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
{%- if enable_table %}
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
{%- endif %}
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext
{%- if enable_table %}

from ..domain import orders
from ..models.orders import CreateOrderRequest, Order
from ..observability import logger, metrics, tracer
from .dependencies import get_dependencies
{%- else %}

from ..domain import quotes
from ..models.quotes import QuoteRequest
from ..observability import logger, metrics, tracer
{%- endif %}


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_parser(model={% if enable_table %}CreateOrderRequest{% else %}QuoteRequest{% endif %})
def lambda_handler(event: {% if enable_table %}CreateOrderRequest{% else %}QuoteRequest{% endif %}, context: LambdaContext) -> dict[str, Any]:
{%- if enable_table %}
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
{%- else %}
    """Price the requested quantity."""
    quote = quotes.quote(event)
    metrics.add_metric(name="QuotesPriced", unit=MetricUnit.Count, value=1)
    return quote.model_dump(mode="json")
{%- endif %}
