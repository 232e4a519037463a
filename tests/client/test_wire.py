"""The client's typed wire shapes name exactly the keys of the server's response models."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

import client.wire as wire
import core.actions as actions
import server.models as models

PAIRS = [
    (wire.FieldRow, models.FieldState), (wire.CounterTicket, models.CounterTicket),
    (wire.CounterRow, models.CounterState), (wire.RecentCall, models.RecentCall),
    (wire.Snapshot, models.SnapshotOut), (wire.Event, models.EventOut), (wire.Ticket, models.TicketOut),
    (wire.Issued, models.IssueOut), (wire.Rows, models.RowsOut),
]


@pytest.mark.parametrize(("shape", "model"), PAIRS, ids=[shape.__name__ for shape, _ in PAIRS])
def test_shape_has_the_models_keys(shape: type, model: type[BaseModel]):
    assert list(typing.get_type_hints(shape)) == list(model.model_fields)


def test_a_live_event_is_an_event_with_its_rows():
    assert list(typing.get_type_hints(wire.LiveEvent)) == [*models.EventOut.model_fields, "rows"]


def test_every_typed_shape_is_checked():
    shapes = {v for v in vars(wire).values() if typing.is_typeddict(v)}
    assert shapes == {shape for shape, _ in PAIRS} | {wire.LiveEvent}


def test_the_clients_event_kinds_are_the_servers():
    assert {k.name: k.value for k in wire.Kind} == {k.name: k.value for k in actions.Kind}
    assert wire.CALL_KINDS == actions.CALL_KINDS


def test_the_clients_ticket_action_slugs_are_the_servers():
    assert wire.TICKET_ACTIONS == tuple(actions.TicketSlug)


@pytest.mark.log_warnings
def test_the_centres_zone_comes_from_its_configuration_and_falls_back_to_vietnams(caplog):
    assert wire.centre_zone({"centre": {"timezone": "Asia/Bangkok"}}).key == "Asia/Bangkok"
    assert wire.centre_zone({"centre": {}}).key == wire.DEFAULT_TIMEZONE == "Asia/Ho_Chi_Minh"
    assert wire.centre_zone(None).key == "Asia/Ho_Chi_Minh"  # no configuration yet
    with caplog.at_level("WARNING", logger="client.wire"):
        assert wire.centre_zone({"centre": {"timezone": "Mars/Olympus"}}).key == "Asia/Ho_Chi_Minh"
    assert "Mars/Olympus" in caplog.text  # a zone this PC does not know is said, not a crash
