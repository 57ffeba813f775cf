"""Plumbing shared by every Intervox service (one copy, not one per service)."""
