"""The queue domain: fields, counters, staff, tickets, their state machine and the durable event log.

Nothing here imports Qt, the server or the network: the engine takes a database and a clock and is driven
the same way by the server, the simulator and the tests.
"""
