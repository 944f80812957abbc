"""The audit log of staff and system actions."""
