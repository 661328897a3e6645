"""HTTP routes of the service, called through the API Gateway {% if api_type == "http" %}HTTP API (payload format 2.0){% else %}REST API (proxy integration){% endif %}.

Handlers stay thin: the resolver validates the request against the pydantic models
(422 on invalid input), the domain does the work, and the return value becomes the JSON
response. API Gateway has already checked the caller's Cognito token.
"""

import json
from typing import {% if enable_table %}Annotated, {% endif %}Any

from aws_lambda_powertools.event_handler import {% if api_type == "http" %}APIGatewayHttpResolver{% else %}APIGatewayRestResolver{% endif %}, Response, content_types
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
{%- if enable_table %}
from aws_lambda_powertools.event_handler.openapi.params import Path
{%- endif %}
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
{%- if enable_table %}
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
{%- endif %}
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..domain import {% if enable_table %}orders, {% endif %}quotes
{%- if enable_table %}
from ..models.orders import ORDER_ID_PATTERN, CreateOrderRequest, Order
{%- endif %}
from ..models.quotes import Quote, QuoteRequest
from ..observability import logger, metrics, tracer
{%- if enable_table %}
from .dependencies import get_dependencies
{%- endif %}

app = {% if api_type == "http" %}APIGatewayHttpResolver{% else %}APIGatewayRestResolver{% endif %}(enable_validation=True)


def _caller() -> str | None:
    """The Cognito user (sub claim) the authorizer let through."""
    authorizer = app.current_event.request_context.authorizer
    claims = (authorizer.{% if api_type == "http" %}jwt_claim{% else %}claims{% endif %} if authorizer else None) or {}
    sub = claims.get("sub")
    return str(sub) if sub is not None else None


def _log_caller(router: {% if api_type == "http" %}APIGatewayHttpResolver{% else %}APIGatewayRestResolver{% endif %}, next_middleware: NextMiddleware) -> Response[Any]:
    logger.append_keys(caller=_caller())
    return next_middleware(router)


app.use(middlewares=[_log_caller])


def _json_error(status_code: int, message: str) -> Response[str]:
    return Response(
        status_code=status_code,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps({"message": message}),
    )


@app.post("/quotes")
@tracer.capture_method
def post_quote(request: QuoteRequest) -> Quote:
    metrics.add_metric(name="QuotesPriced", unit=MetricUnit.Count, value=1)
    return quotes.quote(request)
{%- if enable_table %}


@app.post("/orders")
@tracer.capture_method
def post_order(request: CreateOrderRequest) -> tuple[Order, int]:
    """Place an order. Retrying the same payload within the idempotency window returns
    the first order instead of creating another one."""
    dependencies = get_dependencies()
    dependencies.idempotency_config.register_lambda_context(app.lambda_context)
    create_once = idempotent_function(
        data_keyword_argument="request",
        persistence_store=dependencies.idempotency_store,
        config=dependencies.idempotency_config,
        output_serializer=PydanticSerializer(model=Order),
    )(orders.create_order)
    order: Order = create_once(request=request, repository=dependencies.orders)
    metrics.add_metric(name="OrdersAccepted", unit=MetricUnit.Count, value=1)
    return order, 201


@app.get("/orders/<order_id>")
@tracer.capture_method
def get_order(order_id: Annotated[str, Path(pattern=ORDER_ID_PATTERN)]) -> Order:
    return orders.get_order(order_id, get_dependencies().orders)


@app.exception_handler(orders.OrderNotFoundError)
def order_not_found(error: orders.OrderNotFoundError) -> Response[str]:
    return _json_error(404, str(error))


@app.exception_handler(IdempotencyAlreadyInProgressError)
def order_in_progress(_error: IdempotencyAlreadyInProgressError) -> Response[str]:
    return _json_error(409, "the same order is still being processed; retry in a few seconds")
{%- endif %}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.{% if api_type == "http" %}API_GATEWAY_HTTP{% else %}API_GATEWAY_REST{% endif %}, clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
