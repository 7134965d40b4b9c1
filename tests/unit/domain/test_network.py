"""LocalNetwork: registering a LEN, its coordinator and its institutions."""

from __future__ import annotations

from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate

from domain.errors import AlreadyRecorded, ImplausibleValue
from domain.network import LocalNetwork
from domain.values import TargetGroup
from tests.unit.domain.builders import (
    COORDINATOR,
    NETWORK_ID,
    TODAY,
    YESTERDAY,
    register_dithmarschen,
    state,
)

COORDINATOR_ID = UUID("00000000-0000-4000-8000-0000000000f1")
OTHER_COORDINATOR_ID = UUID("00000000-0000-4000-8000-0000000000f2")


@pytest.fixture
def network() -> LocalNetwork:
    registered = register_dithmarschen()
    registered.collect_events()
    return registered


def test_register_valid_input_records_the_network() -> None:
    network = register_dithmarschen(coordinator_id=COORDINATOR_ID)
    assert network.id == NETWORK_ID
    assert network.name == "LEN Dithmarschen"
    assert network.country == "DE"
    assert network.region == "Dithmarschen"
    assert network.target_group is TargetGroup.SINGLE_PARENTS
    assert network.institutions == ["Municipality of Heide", "Family centre"]
    assert network.coordinator_id == COORDINATOR_ID
    assert network.registered_by == COORDINATOR
    assert network.registered_on == TODAY
    assert network.version == 1


def test_register_event_carries_actor_and_occurred_on() -> None:
    (registered,) = register_dithmarschen().collect_events()
    assert isinstance(registered, LocalNetwork.Registered)
    assert registered.actor == COORDINATOR
    assert registered.occurred_on == TODAY


@pytest.mark.parametrize(
    ("given", "stored"), [("de", "DE"), ("lv", "LV"), (" Se ", "SE"), ("eE", "EE")]
)
def test_register_country_normalised_to_upper_case(given: str, stored: str) -> None:
    assert register_dithmarschen(country=given).country == stored


@pytest.mark.parametrize(
    "country", ["", "  ", "D", "DEU", "Germany", "D1", "1D", "D-", "ÄÖ", "Dé", "XX", "AA", "UK"]
)
def test_register_invalid_country_code_raises_implausible_value(country: str) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        register_dithmarschen(country=country)
    assert raised.value.field == "country"


def test_register_texts_are_stripped() -> None:
    network = register_dithmarschen(
        name="  LEN Plön ", region=" Plön\n", institutions=["  Kirchengemeinde  ", "Library"]
    )
    assert network.name == "LEN Plön"
    assert network.region == "Plön"
    assert network.institutions == ["Kirchengemeinde", "Library"]


@pytest.mark.parametrize("field", ["name", "region"])
def test_register_blank_text_raises_implausible_value(field: str) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        register_dithmarschen(**{field: "   "})
    assert raised.value.field == field


def test_register_blank_institution_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        register_dithmarschen(institutions=["Library", " "])
    assert raised.value.field == "institutions"


def test_register_duplicate_institutions_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        register_dithmarschen(institutions=["Library", "Day-care centre", "Library"])
    assert raised.value.field == "institutions"


def test_register_institutions_duplicate_after_stripping_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        register_dithmarschen(institutions=["Library", " Library "])
    assert raised.value.field == "institutions"


def test_register_no_institutions_records_empty_network() -> None:
    assert register_dithmarschen(institutions=[]).institutions == []


def test_register_caller_list_later_mutated_leaves_network_unchanged() -> None:
    institutions = ["Library"]
    network = register_dithmarschen(institutions=institutions)
    institutions.append("Church")
    assert network.institutions == ["Library"]


def test_appoint_coordinator_none_before_sets_coordinator(network: LocalNetwork) -> None:
    network.appoint_coordinator(COORDINATOR_ID, "admin-0001")
    assert network.coordinator_id == COORDINATOR_ID
    (appointed,) = network.collect_events()
    assert isinstance(appointed, LocalNetwork.CoordinatorAppointed)
    assert appointed.coordinator_id == COORDINATOR_ID
    assert appointed.actor == "admin-0001"


def test_appoint_coordinator_other_person_replaces_coordinator(network: LocalNetwork) -> None:
    network.appoint_coordinator(COORDINATOR_ID, "admin-0001")
    network.appoint_coordinator(OTHER_COORDINATOR_ID, "admin-0001")
    assert network.coordinator_id == OTHER_COORDINATOR_ID


def test_appoint_coordinator_same_person_raises_already_recorded(network: LocalNetwork) -> None:
    network.appoint_coordinator(COORDINATOR_ID, "admin-0001")
    network.collect_events()
    with pytest.raises(AlreadyRecorded):
        network.appoint_coordinator(COORDINATOR_ID, "admin-0001")
    assert network.collect_events() == []


def test_add_institution_new_name_appends_stripped_name(network: LocalNetwork) -> None:
    network.add_institution("  Public library Heide ", COORDINATOR, TODAY)
    assert network.institutions == [
        "Municipality of Heide",
        "Family centre",
        "Public library Heide",
    ]
    (joined,) = network.collect_events()
    assert isinstance(joined, LocalNetwork.InstitutionJoined)
    assert joined.institution == "Public library Heide"
    assert joined.actor == COORDINATOR
    assert joined.occurred_on == TODAY


def test_add_institution_already_member_raises_already_recorded(network: LocalNetwork) -> None:
    with pytest.raises(AlreadyRecorded):
        network.add_institution(" Family centre", COORDINATOR, TODAY)
    assert network.institutions == ["Municipality of Heide", "Family centre"]
    assert network.collect_events() == []


def test_add_institution_blank_name_raises_implausible_value(network: LocalNetwork) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        network.add_institution("  ", COORDINATOR, TODAY)
    assert raised.value.field == "institution"


def test_add_institution_too_long_name_raises_implausible_value(network: LocalNetwork) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        network.add_institution("x" * 201, COORDINATOR, TODAY)
    assert raised.value.field == "institution"


def test_replay_network_history_equals_live_network() -> None:
    live = register_dithmarschen()
    live.appoint_coordinator(COORDINATOR_ID, "admin-0001")
    live.add_institution("Church", COORDINATOR, YESTERDAY)
    live.appoint_coordinator(OTHER_COORDINATOR_ID, "admin-0001")
    events = live.collect_events()
    rebuilt = project_aggregate(None, events)
    assert isinstance(rebuilt, LocalNetwork)
    assert state(rebuilt) == state(live)
    assert rebuilt.version == live.version == 4
