"""Accounts in the committee core: signing in safely (second factor, session timeouts, login throttling)."""
