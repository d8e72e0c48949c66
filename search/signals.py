"""Model signals that feed the index outbox (implemented in search/indexing.py)."""
