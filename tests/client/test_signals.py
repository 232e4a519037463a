"""emit(): Python-side emits do not wear out the reference count of True."""

import sys

from PySide6.QtCore import QObject, Signal

from client.signals import emit


class Sender(QObject):
    happened = Signal(object)


def test_many_emits_leave_true_alone(qtbot):
    sender, got = Sender(), []
    sender.happened.connect(got.append)
    before = sys.getrefcount(True)
    for i in range(5000):
        emit(sender.happened, i)
    assert sys.getrefcount(True) >= before - 10 and len(got) == 5000  # unfixed, 5000 would be lost
