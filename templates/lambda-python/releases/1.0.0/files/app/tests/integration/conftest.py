"""Integration tests talk to the deployed AWS resources. They run only when the
resource names are given and AWS credentials are available, for example:

export FUNCTION_NAME=$(terraform output -raw function_name)
{%- if enable_table %}
export ORDERS_TABLE_NAME=$(terraform output -raw orders_table_name)
{%- endif %}
make test-integration
"""

import os

import boto3
import pytest


def _required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: point the integration tests at a deployed environment")
    return value


@pytest.fixture(scope="session")
def aws_session() -> boto3.Session:
    session = boto3.Session()
    if session.get_credentials() is None:
        pytest.skip("no AWS credentials: integration tests need a deployed environment")
    return session


@pytest.fixture(scope="session")
def function_name() -> str:
    return _required_env("FUNCTION_NAME")
{%- if enable_table %}


@pytest.fixture(scope="session")
def orders_table_name() -> str:
    return _required_env("ORDERS_TABLE_NAME")
{%- endif %}
