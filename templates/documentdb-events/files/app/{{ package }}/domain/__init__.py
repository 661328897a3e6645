"""Business rules of the consumer, free of the AWS SDK."""
