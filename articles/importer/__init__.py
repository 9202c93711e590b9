"""Printed pages in, draft stories out. The parser stays pure (no ORM)."""
