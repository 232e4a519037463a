"""Print jobs off the caller's thread: a dead printer or a pulled cable can never hang the kiosk.

:class:`PrintService` owns one printer (a URI and a ticket template). ``print_ticket`` returns a
:class:`PrintJob` at once; the work (render, status before, send, status after) runs on a daemon
worker thread that stays for the next job, and a watchdog finishes the job with a timeout result if the
printer does not let go in time. Results are plain objects with a reason key from the text catalog;
callbacks run on the worker (or watchdog) thread, so a Qt adapter re-emits them as queued signals. No Qt
here.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from assets.texts import tr
from printers.errors import PrinterError
from printers.status import PrinterStatus
from printers.template import TicketConfig, default_config
from printers.ticket import TicketPrint
from printers.transports import Transport, open_transport, serial_seconds
from printers.uri import PrinterAddress, parse_printer_uri

DEFAULT_JOB_TIMEOUT = 20.0
MAX_WORKERS = 4

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintResult:
    """How a job ended: ``ok``, the printer status, and why (a catalog key) when it failed.

    ``status_before`` is what the printer said before the ticket was sent (``None`` if it was not asked).
    ``error`` holds the connection error, if any, whose text is shown in the caller's language.
    """

    ok: bool
    status: PrinterStatus
    reason: str | None = None
    status_before: PrinterStatus | None = None
    error: Exception | None = None
    seconds: float = 0.0
    bytes_sent: int = 0

    def text(self, lang: str = "vi") -> str:
        """One line for the kiosk screen or the log."""
        if self.reason is None:
            return self.status.text(lang)
        if self.reason == "printer.result.not_ready":
            return tr(self.reason, lang, status=self.status.text(lang))
        if self.reason == "printer.result.timeout":
            return tr(self.reason, lang, seconds=f"{self.seconds:g}")
        if self.reason == "printer.result.io_error":
            err = self.error
            detail = err.message(lang) if isinstance(err, PrinterError) else (str(err) or type(err).__name__)
            return tr(self.reason, lang, detail=detail)
        return tr(self.reason, lang)


class PrintJob:
    """One job's handle: poll ``done()``, wait with ``result(timeout)``, or pass ``on_done`` to the service."""

    def __init__(self, on_done: Callable[[PrintResult], None] | None = None) -> None:
        self._finished = threading.Event()
        self._lock = threading.Lock()
        self._result: PrintResult | None = None
        self._on_done = on_done

    def done(self) -> bool:
        """Whether the job has a result (printed, failed or timed out)."""
        return self._finished.is_set()

    def result(self, timeout: float | None = None) -> PrintResult | None:
        """The result, waiting up to *timeout* seconds; ``None`` if it is not there yet."""
        self._finished.wait(timeout)
        return self._result

    def _finish(self, result: PrintResult) -> bool:
        # First result wins: a worker that comes back after the watchdog fired is ignored.
        with self._lock:
            if self._result is not None:
                return False
            self._result = result
        self._finished.set()
        if self._on_done is not None:
            self._on_done(result)
        return True


class _Workers:
    """Daemon threads that live on between print jobs, a new one only when every one is busy.

    A thread per job left the C library a fresh malloc arena to keep after each ticket (the kiosk's memory
    crept up over a day); threads that stay reuse theirs. Daemon threads, because a worker stuck in a driver
    call must not keep the program from exiting; more than one, so a stuck worker does not hold the next job
    back from its own attempt (which then answers "busy" instead of waiting forever).
    """

    def __init__(self, limit: int = MAX_WORKERS) -> None:
        self._tasks: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._limit = limit
        self._threads = 0
        self._idle = 0

    @property
    def threads(self) -> int:
        return self._threads

    def submit(self, task: Callable[[], None]) -> None:
        with self._lock:
            start = self._idle == 0 and self._threads < self._limit
            if start:
                self._threads += 1
        if start:
            threading.Thread(target=self._loop, daemon=True, name="qms-print").start()
        self._tasks.put(task)

    def _loop(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            task = self._tasks.get()
            with self._lock:
                self._idle -= 1
            try:
                task()
            except Exception:  # a worker must outlive any job's failure
                log.exception("print job failed outside its own error handling")


class PrintService:
    """Prints tickets on one printer, one job at a time, on long-lived daemon workers, each job with a timeout.

    A bad URI or template raises at construction (the kiosk says so at start-up, not at the first
    ticket). ``transport_factory`` lets tests and the demo supply their own transport.
    """

    def __init__(
        self,
        uri: str | PrinterAddress,
        config: TicketConfig | None = None,
        *,
        job_timeout: float = DEFAULT_JOB_TIMEOUT,
        transport_factory: Callable[[PrinterAddress], Transport] = open_transport,
        workers: int = MAX_WORKERS,
    ) -> None:
        self.address = uri if isinstance(uri, PrinterAddress) else parse_printer_uri(uri)
        self.config = config or default_config()
        self.job_timeout = job_timeout
        self._factory = transport_factory
        self._device = threading.Lock()  # one conversation with the printer at a time
        self._workers = _Workers(workers)

    def print_ticket(self, ticket: TicketPrint, on_done: Callable[[PrintResult], None] | None = None) -> PrintJob:
        """Start printing *ticket*; returns at once."""
        return self._start(lambda t: self._print(t, ticket), on_done)

    @property
    def worker_threads(self) -> int:
        """How many worker threads this service has started (they stay for the next job)."""
        return self._workers.threads

    def check_status(self, on_done: Callable[[PrintResult], None] | None = None) -> PrintJob:
        """Ask the printer's status without printing; ``ok`` says whether a ticket could be printed."""
        return self._start(self._status_only, on_done)

    def _start(
        self, work: Callable[[Transport], PrintResult], on_done: Callable[[PrintResult], None] | None
    ) -> PrintJob:
        job = PrintJob(on_done)
        # Slow serial lines need longer for the bytes alone; the largest tickets are about 100 kB.
        limit = self.job_timeout + serial_seconds(self.address, 100_000) * 1.5
        watchdog = threading.Timer(
            limit,
            lambda: job._finish(
                PrintResult(False, PrinterStatus.OFFLINE, "printer.result.timeout", seconds=round(limit, 1))
            ),
        )
        watchdog.daemon = True
        watchdog.start()
        self._workers.submit(lambda: self._run(job, work, watchdog))
        return job

    def _run(self, job: PrintJob, work: Callable[[Transport], PrintResult], watchdog: threading.Timer) -> None:
        if job.done():
            # Timed out while waiting for a worker: the citizen was already told it failed, so a ticket
            # printed now would be one nobody expects.
            return
        if not self._device.acquire(timeout=self.job_timeout):
            job._finish(PrintResult(False, PrinterStatus.UNKNOWN, "printer.result.busy"))
            watchdog.cancel()
            return
        transport: Transport | None = None
        try:
            transport = self._factory(self.address)
            transport.open()
            result = work(transport)
        except PrinterError as exc:
            result = PrintResult(False, PrinterStatus.OFFLINE, "printer.result.io_error", error=exc)
        except OSError as exc:  # refused, unplugged, timed out writing
            result = PrintResult(False, PrinterStatus.OFFLINE, "printer.result.io_error", error=exc)
        except Exception as exc:  # any failure must reach the caller as a result
            result = PrintResult(False, PrinterStatus.UNKNOWN, "printer.result.io_error", error=exc)
        finally:
            if transport is not None:
                transport.close()
            self._device.release()
        watchdog.cancel()
        job._finish(result)

    def _status_only(self, transport: Transport) -> PrintResult:
        status = transport.status()
        return PrintResult(status.can_print, status, None, status_before=status)

    def _print(self, transport: Transport, ticket: TicketPrint) -> PrintResult:
        from printers.encode import prepare_ticket

        before = transport.status()
        if not before.can_print:
            return PrintResult(False, before, "printer.result.not_ready", status_before=before)
        prepared = prepare_ticket(ticket, self.config)
        transport.send_ticket(prepared.data, prepared.image, prepared.label)
        after = transport.status()
        if not after.can_print:
            # Paper ran out or the cover opened while printing: the ticket may be torn or blank.
            return PrintResult(
                False, after, "printer.result.not_ready", status_before=before, bytes_sent=len(prepared.data)
            )
        return PrintResult(True, after, "printer.result.printed", status_before=before, bytes_sent=len(prepared.data))
