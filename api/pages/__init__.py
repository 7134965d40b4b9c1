"""The web dashboard: server-rendered pages over the read models and the audit trail."""
