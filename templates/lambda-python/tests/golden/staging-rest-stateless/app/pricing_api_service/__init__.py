"""The service package.

Layers, from the outside in:

- ``handlers``: thin Lambda entry points. They parse the event, call the domain and
  shape the response; Powertools adds logs, traces and metrics.
- ``domain``: the business rules, plain Python with no AWS SDK.
- ``integration``: adapters to AWS services behind interfaces the domain understands.
- ``models``: pydantic models shared by the layers.
"""

SERVICE_NAME = "pricing-api"
