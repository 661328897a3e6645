"""Entry point of the DocumentDB event source mapping.

The batch envelope is validated (a wrong envelope fails the invocation), the domain handles
every record, and the outcomes are counted as metrics. Records the consumer cannot process
are in the dead-letter queue by the time this returns; the batch itself succeeds, so the
change stream moves on.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..domain import changes
from ..models.changes import ChangeBatch
from ..observability import logger, metrics, tracer
from .dependencies import get_dependencies


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    batch = ChangeBatch.model_validate(event)
    dependencies = get_dependencies()
    outcome = changes.process_batch(
        batch.events,
        event_source_arn=batch.event_source_arn,
        publisher=dependencies.publisher,
        dead_letters=dependencies.dead_letters,
    )
    for name, value in (
        ("ChangesPublished", outcome.published),
        ("ChangesSkipped", outcome.skipped),
        ("ChangesDeadLettered", outcome.dead_lettered),
    ):
        if value:
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    if outcome.dead_lettered:
        logger.warning(
            "changes sent to the dead-letter queue", extra={"count": outcome.dead_lettered, "reasons": outcome.reasons}
        )
    return {"published": outcome.published, "skipped": outcome.skipped, "dead_lettered": outcome.dead_lettered}
