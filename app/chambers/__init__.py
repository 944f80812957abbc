"""Chambers: the tenants hosting the portal, their home pages and CLI."""

