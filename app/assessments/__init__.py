"""Questionnaires (assessments) and their separately stored contact details."""
