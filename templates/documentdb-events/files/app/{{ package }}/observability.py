"""Powertools logger, tracer and metrics shared by the layers.

Service name, metrics namespace and log level come from the environment
(POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL), which the
Terraform module sets; outside Lambda the tracer disables itself. The module also sets
POWERTOOLS_TRACER_CAPTURE_RESPONSE to false (unless trace_responses is on), so traces record
exceptions but not the documents that traced functions return.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()
