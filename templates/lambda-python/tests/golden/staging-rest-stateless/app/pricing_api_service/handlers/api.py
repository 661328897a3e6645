"""HTTP routes of the service, called through the API Gateway REST API (proxy integration).

Handlers stay thin: the resolver validates the request against the pydantic models
(422 on invalid input), the domain does the work, and the return value becomes the JSON
response. API Gateway has already checked the caller's Cognito token.
"""

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..domain import quotes
from ..models.quotes import Quote, QuoteRequest
from ..observability import logger, metrics, tracer

app = APIGatewayRestResolver(enable_validation=True)


def _caller() -> str | None:
    """The Cognito user (sub claim) the authorizer let through."""
    authorizer = app.current_event.request_context.authorizer
    claims = (authorizer.claims if authorizer else None) or {}
    sub = claims.get("sub")
    return str(sub) if sub is not None else None


def _log_caller(router: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
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


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
