"""Adapters to the services the consumer uses, behind interfaces the domain depends on."""
