"""The wall display's live wiring: configuration, event stream, voice and the administrator's message.

``DisplayRuntime`` asks the server for the centre's configuration (retrying with backoff while it is
unreachable), builds the voice from its ``[voice]`` table, then starts a ``ServerSession``: a snapshot,
then the event stream. Nothing polls. Each call event is listed at once; it is highlighted and spoken
only if it is recent (``[voice] stale_after_s``, 120 s by default): after a reconnect the stream replays
what was missed from the last sequence seen, and a call from minutes ago is shown but not read out.
The administrator's message comes as an event; the one in force is asked for once when the stream
(re)connects, since a display that was away may have missed it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer

from assets.settings import ConfigError
from assets.texts import tr
from client.api import ApiClient
from client.backoff import Backoff
from client.errors import ApiError
from client.session import ServerSession
from client.ui.metrics import Metrics
from client.voice.announce import Announcer
from client.voice.clips import ClipError, ClipSet
from client.voice.queue import Player
from client.voice.settings import VoiceSettings
from client.wire import CALL_KINDS, Kind
from display.calls import ShownCall, age_seconds
from display.config import DisplayConfig
from display.speaker import CallSpeaker
from display.window import DisplayWindow

log = logging.getLogger(__name__)

MESSAGE_KINDS = (Kind.MESSAGE, Kind.MESSAGE_CLEARED)

# Makes the player for the centre's voice settings: (player, audible). A silent display gets (None, False).
PlayerFactory = Callable[[VoiceSettings], tuple[Player | None, bool]]


class _Clock:
    """The voice queue's clock over the display's ``now``."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now()


class DisplayRuntime(QObject):
    """Keeps one wall display's window current from one server."""

    def __init__(self, api: ApiClient, metrics: Metrics, players: PlayerFactory, now: Callable[[], datetime],
                 monotonic: Callable[[], float], lang: str = "vi", portrait: bool | None = None,
                 session: ServerSession | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.players = players
        self.now = now
        self.lang = lang
        self.session = session or ServerSession(api, parent=self)
        self.window = DisplayWindow(self.session.queue, metrics, now, monotonic, lang=lang, portrait=portrait)
        self.window.slides.set_server(api.base_url, api.token)  # plain slide names are the server's pictures
        self.voice_settings = VoiceSettings()
        self.speaker: CallSpeaker | None = None
        self.config: dict[str, Any] | None = None
        self.problems: list[str] = []  # configuration problems, worded for the log
        self.warned: set[str] = set()  # the voice's warnings already logged: once each, not per /config
        self.stopped = False
        self.retry = Backoff()
        self.config_timer = QTimer(self, objectName="config_timer", singleShot=True)
        self.config_timer.timeout.connect(self.start)

        self.session.event_received.connect(self.on_event)
        self.session.snapshot_loaded.connect(self.window.load_calls)
        self.session.online_changed.connect(self._on_online)
        self.session.stream.reload_required.connect(lambda _snapshot: self.fetch_message())

    # ----------------------------------------------------------------- start-up

    def start(self) -> None:
        """Fetch the configuration; then the voice and the live session."""
        self.stopped = False
        self.api.config().then(self._on_config, self._on_config_failed)

    def stop(self) -> None:
        """Stop streaming and retrying; answers still on their way are ignored (the window may be gone)."""
        self.stopped = True
        self.config_timer.stop()
        self.session.stop()

    def _on_config(self, config: dict[str, Any]) -> None:
        if self.stopped:
            return
        self.retry.reset()
        self.configure(config)
        self.session.start()

    def configure(self, config: dict[str, Any]) -> None:
        """Take the centre's configuration: the window's names and ``[display]`` table, and the voice."""
        self.config = config
        tables = config.get("tables", {})
        try:
            display = DisplayConfig.from_table(tables.get("display"))
        except ConfigError as exc:
            self._problem(str(exc))
            display = DisplayConfig()
        self.window.apply_config(config, display)
        self._build_voice(tables.get("voice"), config.get("centre") or {})

    def _on_config_failed(self, error: ApiError) -> None:
        if self.stopped:
            return
        delay = self.retry.next_delay() if error.is_network else self.retry.cap
        log.warning("%s", error.message("en"))
        self.window.set_online(False)  # nothing to show yet: at least say why
        self.config_timer.start(round(delay * 1000))

    def _build_voice(self, table: dict[str, Any] | None, centre: dict[str, Any]) -> None:
        try:
            # The centre's hours and time zone: the voice speaks from the day's first session on.
            settings = VoiceSettings.from_config(table, centre, warned=self.warned)
            clips = ClipSet.load(settings.voice, settings.clip_dir)
        except (ConfigError, ValueError, ClipError, OSError) as exc:
            self._problem(str(exc))  # the screen works on; the hall hears nothing until it is fixed
            return
        for problem in clips.problems:
            self._problem(problem)
        self.voice_settings = settings
        player, audible = self.players(settings)
        if player is None:
            log.info("%s", tr("display.voice_off"))
            return
        fields = {f["code"]: f["name_vi"] for f in (self.config or {}).get("fields", [])}
        self.speaker = CallSpeaker(player, _Clock(self.now), Announcer(settings, clips).announcement, settings,
                                   field_name=lambda code: fields.get(code or ""), audible=audible, parent=self)
        self.speaker.speaking.connect(self.window.set_speaking)

    def _problem(self, text: str) -> None:
        self.problems.append(text)
        log.error("%s", text)

    # ----------------------------------------------------------------- live

    def is_fresh(self, call: ShownCall) -> bool:
        """A call recent enough to be highlighted and spoken."""
        return age_seconds(call, self.now()) <= self.voice_settings.stale_after_s

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind in CALL_KINDS:
            call = ShownCall.from_event(event)
            fresh = self.is_fresh(call)
            self.window.show_call(call, fresh)
            if fresh and self.speaker is not None:
                self.speaker.say(call)
        elif kind in MESSAGE_KINDS:
            data = event.get("data") or {}
            self.window.set_message({"text": data.get("text", ""), "until": data.get("until")}
                                    if kind == "message" else None)

    def _on_online(self, online: bool) -> None:
        self.window.set_online(online)
        if online:
            self.fetch_message()

    def fetch_message(self) -> None:
        """Ask for the message in force (after a (re)connection: one may have come or gone meanwhile)."""
        self.api.request("GET", "/display/message").then(self._on_message, self._on_message_failed)

    def _on_message(self, result: dict[str, Any]) -> None:
        if not self.stopped:
            self.window.set_message(result.get("message"))

    def _on_message_failed(self, error: ApiError) -> None:
        if not self.stopped:
            log.warning("%s", error.message("en"))
