"""The incubation domain: aggregates, their events, value objects and the milestone catalogue.

Imports only the standard library and `eventsourcing.domain`.
"""
