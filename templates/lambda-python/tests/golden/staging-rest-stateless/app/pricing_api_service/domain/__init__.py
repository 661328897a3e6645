"""Business rules. Nothing here talks to AWS: adapters are passed in by the handlers."""
