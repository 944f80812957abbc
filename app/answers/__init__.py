"""The answers contract: the JSON Schema copy and the validator built on it."""
