"""The optional picture area: the centre's images (procedures, a map of the hall), one after another.

The images are named in ``[display] slides``: a plain file name ("huong-dan.png") is a picture in the
server's ``<data>/slides`` folder (``GET /api/v1/display/slides/{name}`` with the display's key), so one copy
on the server serves every display; ``http(s)://`` addresses are fetched as they are; ``file://`` addresses
and absolute paths are files on the display's own PC. Everything is fetched with QtNetwork (never blocking
the screen). An image that cannot be had is logged once and left out; with none, the area is not shown at
all. ``slide_timer`` turns the pictures.
"""

from __future__ import annotations

import logging
from pathlib import PureWindowsPath
from urllib.parse import quote

from PySide6.QtCore import QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import QWidget

from assets.texts import tr
from client.ui.theme import DEFAULT, Palette

log = logging.getLogger(__name__)


class Slideshow(QWidget):
    """Shows the loaded images in turn, each scaled to fit, on the hall's colour; ``changed`` when the
    area appears or goes (the window gives its room to the tables)."""

    changed = Signal()

    def __init__(self, seconds: float, palette: Palette = DEFAULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slideshow")
        self.palette_ = palette
        self.images: dict[int, QImage] = {}
        self.index = 0
        self._net: QNetworkAccessManager | None = None
        self._sources: tuple[str, ...] = ()
        self._server: tuple[str, str | None] | None = None  # (base URL, display key) for plain names
        self.slide_timer = QTimer(self, objectName="slide_timer")
        self.slide_timer.setInterval(round(seconds * 1000))
        self.slide_timer.timeout.connect(self.next_slide)
        self.setVisible(False)

    def set_server(self, base_url: str, token: str | None) -> None:
        """Where plain slide names come from: the server at *base_url*, asked with the display's key."""
        self._server = (base_url.rstrip("/"), token)

    def load(self, sources: tuple[str, ...]) -> None:
        """Fetch or read every image named in *sources* (again, if the list changed)."""
        if sources == self._sources:
            return
        self._sources, self.images, self.index = sources, {}, 0
        for i, source in enumerate(sources):
            if source.startswith("file://"):
                self._add(i, QImage(QUrl(source).toLocalFile()), source)
            elif source.startswith("/") or PureWindowsPath(source).drive:
                self._add(i, QImage(source), source)  # a path on this PC, as older settings named them
            elif source.startswith(("http://", "https://")):
                self._fetch(i, source, QNetworkRequest(QUrl(source)))
            elif self._server is not None:
                base, token = self._server
                request = QNetworkRequest(QUrl(f"{base}/api/v1/display/slides/{quote(source)}"))
                if token:
                    request.setRawHeader(b"Authorization", f"Bearer {token}".encode())
                self._fetch(i, source, request)
            else:
                log.warning("%s", tr("display.slide_failed", source=source, reason="no server"))
        self._changed()

    def _fetch(self, i: int, source: str, request: QNetworkRequest) -> None:
        self._net = self._net or QNetworkAccessManager(self)
        reply = self._net.get(request)
        reply.finished.connect(lambda r=reply, i=i, s=source: self._fetched(r, i, s))

    def _fetched(self, reply: QNetworkReply, i: int, source: str) -> None:
        reply.deleteLater()
        if reply.error() != QNetworkReply.NetworkError.NoError:
            log.warning("%s", tr("display.slide_failed", source=source, reason=reply.errorString()))
            return
        if self._sources and i < len(self._sources) and self._sources[i] == source:
            self._add(i, QImage.fromData(reply.readAll()), source)
            self._changed()

    def _add(self, i: int, image: QImage, source: str) -> None:
        if image.isNull():
            log.warning("%s", tr("display.slide_failed", source=source, reason="not an image"))
            return
        self.images[i] = image

    def _changed(self) -> None:
        hidden = self.isHidden()
        self.setVisible(bool(self.images))
        if hidden != self.isHidden():
            self.changed.emit()
        if len(self.images) > 1:
            self.slide_timer.start()
        else:
            self.slide_timer.stop()
        self.update()

    def current(self) -> QImage | None:
        keys = sorted(self.images)
        return self.images[keys[self.index % len(keys)]] if keys else None

    def next_slide(self) -> None:
        self.index = (self.index + 1) % max(1, len(self.images))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.palette_.hall))
        image = self.current()
        if image is not None:
            scaled = image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
            x, y = (self.width() - scaled.width()) // 2, (self.height() - scaled.height()) // 2
            painter.drawImage(QRect(x, y, scaled.width(), scaled.height()), scaled)
        painter.end()
