"""Accounts and sessions: two-step login (TOTP with backup codes), session time-outs, lockout and deactivation.

django-otp keeps the devices and checks the codes; the pages, the rules for who needs two steps and the
session rules are the portal's own. See docs/accounts.md.
"""
