"""Adapters to AWS services. Import the DynamoDB modules explicitly: this package's
``__init__`` stays free of boto3 so the domain can import the interfaces cheaply."""
