"""Entry point for direct invocations (SDK, Step Functions, EventBridge targets).

The event is parsed into a pydantic model (an invalid event fails the invocation with
a validation error), the domain does the work, and the result is returned as JSON.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..domain import quotes
from ..models.quotes import QuoteRequest
from ..observability import logger, metrics, tracer


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_parser(model=QuoteRequest)
def lambda_handler(event: QuoteRequest, context: LambdaContext) -> dict[str, Any]:
    """Price the requested quantity."""
    quote = quotes.quote(event)
    metrics.add_metric(name="QuotesPriced", unit=MetricUnit.Count, value=1)
    return quote.model_dump(mode="json")
