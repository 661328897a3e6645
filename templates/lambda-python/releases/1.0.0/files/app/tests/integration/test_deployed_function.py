"""The deployed function has the golden-path configuration."""

import boto3
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.enable_socket]


def test_function_configuration(function_name: str, aws_session: boto3.Session) -> None:
    config = aws_session.client("lambda").get_function_configuration(FunctionName=function_name, Qualifier="live")
    assert config["Runtime"] == "python3.13"
    assert config["Architectures"] == ["arm64"]
    assert config["TracingConfig"]["Mode"] == "Active"
    assert config["LoggingConfig"]["LogFormat"] == "JSON"
    assert config["KMSKeyArn"]
    assert any("AWSLambdaPowertoolsPythonV3" in layer["Arn"] for layer in config["Layers"])
