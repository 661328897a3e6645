"""The dead-letter queue: an encrypted SQS queue created by the Terraform module.

DocumentDB event source mappings have no on-failure destination, so the consumer sends the
records it cannot process here itself.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..models.changes import DeadLetter


class DeadLetterQueue(Protocol):
    """Where unprocessable records go. Implementations: SQS (deployed), in memory (tests)."""

    def send(self, letter: DeadLetter) -> None:
        """Keep the record and the reason; raise if it could not be kept."""
        ...


class SqsDeadLetterQueue:
    """DeadLetterQueue on SQS. A failed send raises, so the batch is retried."""

    def __init__(self, queue_url: str, *, client: Any = None) -> None:
        self._queue_url = queue_url
        if client is None:
            import boto3

            client = boto3.client("sqs")
        self._client = client

    def send(self, letter: DeadLetter) -> None:
        self._client.send_message(
            QueueUrl=self._queue_url,
            MessageBody=letter.model_dump_json(),
            MessageAttributes={
                "reason": {"DataType": "String", "StringValue": letter.reason[:256]},
                "eventSourceArn": {"DataType": "String", "StringValue": letter.event_source_arn},
            },
        )
