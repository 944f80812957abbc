"""Translated error pages."""

