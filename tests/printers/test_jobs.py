"""Print jobs never block the caller: results come back as objects, hung printers as timeouts."""

import threading

from printers.jobs import PrintService
from printers.status import PrinterStatus
from printers.transports import Transport


class HangingTransport(Transport):
    """A printer whose cable was pulled mid-ticket: ``write`` blocks until the test lets it go."""

    def __init__(self, address, release: threading.Event, entered: threading.Event) -> None:
        super().__init__(address)
        self.release, self.entered = release, entered

    def write(self, data: bytes) -> None:
        self.entered.set()
        self.release.wait(30)
        raise OSError("device vanished")


def hanging_service(job_timeout: float = 0.5, workers: int = 4):
    release, entered = threading.Event(), threading.Event()
    service = PrintService(
        "virtual://unused",
        job_timeout=job_timeout,
        transport_factory=lambda a: HangingTransport(a, release, entered),
        workers=workers,
    )
    return service, release, entered


def test_a_hung_printer_returns_a_timeout_and_the_caller_goes_on(ticket):
    service, release, entered = hanging_service()
    job = service.print_ticket(ticket)
    assert not job.done()  # returned at once, the work is elsewhere
    result = job.result(5)
    assert entered.is_set()
    assert (result.ok, result.status, result.reason) == (False, PrinterStatus.OFFLINE, "printer.result.timeout")
    assert result.text("vi") == "Máy in không phản hồi sau 0.5 giây"
    release.set()


def test_the_callback_gets_the_result(ticket):
    service, release, _ = hanging_service()
    got: list = []
    done = threading.Event()
    service.print_ticket(ticket, on_done=lambda r: (got.append(r), done.set()))
    assert done.wait(5)
    release.set()
    assert len(got) == 1 and got[0].reason == "printer.result.timeout"


def test_a_late_worker_does_not_overwrite_the_timeout(ticket):
    service, release, entered = hanging_service()
    calls: list = []
    job = service.print_ticket(ticket, on_done=calls.append)
    assert job.result(5).reason == "printer.result.timeout"
    release.set()
    # The next job can only start once the hung one let go of the printer, so its end is a safe point.
    assert service.check_status().result(5) is not None
    assert len(calls) == 1 and job.result(0).reason == "printer.result.timeout"


def test_a_second_job_waits_for_the_printer_then_says_busy(ticket):
    service, release, entered = hanging_service(job_timeout=0.4)
    first = service.print_ticket(ticket)
    assert entered.wait(5)
    second = service.print_ticket(ticket).result(5)
    assert second.reason in ("printer.result.busy", "printer.result.timeout") and not second.ok
    release.set()
    assert first.result(5).ok is False


def test_one_worker_thread_prints_ticket_after_ticket(tmp_path, ticket):
    # A thread per job left the C library a malloc arena to keep after each ticket; the worker stays.
    service = PrintService(f"virtual://{tmp_path}")
    results = [service.print_ticket(ticket).result(5) for _ in range(12)]
    assert all(r is not None and r.ok for r in results)
    assert service.worker_threads == 1
    assert len(list(tmp_path.glob("*.bin"))) == 12


def test_a_job_that_timed_out_waiting_for_a_worker_is_never_printed(ticket):
    service, release, entered = hanging_service(job_timeout=0.3, workers=1)
    sent: list = []
    service._factory = lambda a: (sent.append(a), HangingTransport(a, release, entered))[1]
    first = service.print_ticket(ticket)
    assert entered.wait(5)
    second = service.print_ticket(ticket)
    assert second.result(5).reason == "printer.result.timeout"
    release.set()
    assert first.result(5).ok is False
    # The worker is free again; a status check queued after the stale job proves the stale one was passed.
    assert service.check_status().result(5) is not None
    assert len(sent) == 2  # the first job and the status check: the timed-out ticket never reached the printer


def test_status_check_alone(tmp_path):
    result = PrintService(f"virtual://{tmp_path}?status=cover_open").check_status().result(5)
    assert (result.ok, result.status, result.text("en")) == (False, PrinterStatus.COVER_OPEN, "Printer cover is open")
    assert list(tmp_path.iterdir()) == []


def test_ok_result_text(tmp_path, ticket):
    result = PrintService(f"virtual://{tmp_path}").print_ticket(ticket).result(5)
    assert (result.ok, result.text("vi"), result.text("en")) == (True, "Đã in phiếu", "Ticket printed")
    assert result.bytes_sent > 10_000
