"""Database adapters: the engine and transactions, the event recorder, the hash chain,
transcodings, the erasable people directory, tokens, receipts (and the server's secret key
file), web sessions, backup and the migration runner. Imports `domain` only (and the database
libraries)."""
