"""Validators generated from auditor/schema.py by `make schema`. Do not edit."""
