"""The SQS dead-letter queue adapter, against a fake SQS client."""

import json
from typing import Any

import pytest

from catalog_sync_consumer.integration.dead_letters import SqsDeadLetterQueue
from catalog_sync_consumer.models.changes import DeadLetter

QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/unit-tests-dead-letters"


class FakeSqs:
    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self._error = error

    def send_message(self, **kwargs: Any) -> dict[str, str]:
        if self._error is not None:
            raise self._error
        self.sent.append(kwargs)
        return {"MessageId": "1"}


def test_sends_the_record_and_the_reason() -> None:
    sqs = FakeSqs()
    letter = DeadLetter(
        reason="invalid change event",
        record={"event": {}},
        event_source_arn="arn:aws:rds:eu-west-1:123456789012:cluster:x",
    )
    SqsDeadLetterQueue(QUEUE_URL, client=sqs).send(letter)
    (message,) = sqs.sent
    assert message["QueueUrl"] == QUEUE_URL
    assert json.loads(message["MessageBody"]) == letter.model_dump(mode="json")
    assert message["MessageAttributes"]["reason"] == {"DataType": "String", "StringValue": "invalid change event"}


def test_a_failed_send_raises_so_the_batch_is_retried() -> None:
    queue = SqsDeadLetterQueue(QUEUE_URL, client=FakeSqs(error=ConnectionError("no route")))
    with pytest.raises(ConnectionError):
        queue.send(DeadLetter(reason="x", record={}, event_source_arn="arn"))
