"""Signing in: the login lockout's back-off and the second factor (TOTP) of the staff who approve and oversee
(issue 14 item 4; docs/web.md "Signing in")."""
