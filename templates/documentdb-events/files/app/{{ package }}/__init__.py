"""The change-stream consumer.

Layers, from the outside in:

- ``handlers``: the thin Lambda entry point. It parses the batch the event source mapping
  sends, calls the domain and counts the outcomes; Powertools adds logs, traces and metrics.
- ``domain``: what a change means and what happens to it, plain Python with no AWS SDK.
- ``integration``: adapters to the dead-letter queue{% if enable_msk %} and to Kafka{% endif %} behind interfaces the domain understands.
- ``models``: pydantic models shared by the layers.
"""

SERVICE_NAME = {{ name }}
