"""The set-up screen every app shares: server address, the app's own settings, a connection test.

An app opens it on its first run (no settings file yet), when its settings file is bad (the error is
shown above the form), and behind the administrator's gate. Rows come from the app's settings schema
(``client.ui.settings.Setting``) with a label from the catalog (``<app>.setting.<key>``, else the shared
``ui.setting.<key>``); an app adds
rows of its own (the kiosk's printer picker) with ``add_row``. "Kiểm tra kết nối" asks the server's
``/health`` without blocking. Saving checks every value first: a bad one is named and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assets.settings import ConfigError
from assets.texts import tr
from client.api import ApiClient
from client.errors import ApiError
from client.ui.settings import AppSettings, Setting

Getter = Callable[[], Any]


def setting_label(app: str, key: str, lang: str) -> str:
    """The label of a setting: the app's own (``<app>.setting.<key>``), else the shared one
    (``ui.setting.<key>``: server, key, lang, screen, fullscreen)."""
    try:
        return tr(f"{app}.setting.{key}", lang)
    except KeyError:
        return tr(f"ui.setting.{key}", lang)


class SettingsDialog(QDialog):
    """A form over an ``AppSettings``; ``saved()`` after the file was written."""

    saved = Signal()

    def __init__(self, settings: AppSettings, lang: str = "vi", error: str | None = None,
                 secret_keys: tuple[str, ...] = ("key",), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.lang = lang
        self.setObjectName("settings_dialog")
        self.setWindowTitle(tr("ui.setup.title", lang, app=tr(f"app.{settings.app}", lang)))
        self.getters: dict[str, Getter] = {}
        self.editors: dict[str, QWidget] = {}

        self.message = QLabel(error or "", objectName="message")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.form = QFormLayout()
        for spec in settings.schema.values():
            editor, getter = self._editor(spec, settings[spec.key], spec.key in secret_keys)
            self.add_row(spec.key, setting_label(settings.app, spec.key, lang), editor, getter)

        self.test_button = QPushButton(tr("ui.setup.test", lang), objectName="test_connection")
        self.test_button.setProperty("role", "secondary")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel(objectName="test_result")
        self.test_result.setWordWrap(True)
        self.save_button = QPushButton(tr("ui.setup.save", lang), objectName="save")
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(tr("ui.cancel", lang), objectName="cancel")
        cancel.setProperty("role", "secondary")
        cancel.clicked.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(self.form)
        layout.addWidget(self.test_result)
        layout.addLayout(row)
        self.message.setVisible(bool(error))

    def add_row(self, key: str, label: str, editor: QWidget, getter: Getter) -> None:
        """Add (or replace) the row of *key*: *getter* returns the value to save."""
        if key in self.editors:
            self.form.removeRow(self.editors[key])
        editor.setObjectName(key)
        self.form.addRow(label, editor)
        self.editors[key], self.getters[key] = editor, getter

    def values(self) -> dict[str, Any]:
        """The values the form holds now."""
        return {key: get() for key, get in self.getters.items()}

    def save(self) -> None:
        """Check every value, write the file, emit ``saved`` and close; on a bad value, say which."""
        try:
            self.settings.update(self.values())
            self.settings.save()
        except ConfigError as exc:
            self._show(exc.message(self.lang))
            return
        except OSError as exc:
            self._show(tr("ui.setup.cannot_save", self.lang, path=str(self.settings.path), detail=str(exc)))
            return
        self.saved.emit()
        self.accept()

    def test_connection(self) -> None:
        """Ask the server at the address in the form for its health, without waiting for it."""
        url = str(self.values().get("server", "")).strip()
        if not url.startswith(("http://", "https://")):
            self.test_result.setText(tr("ui.setup.bad_address", self.lang))
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(tr("ui.setup.testing", self.lang, address=url))
        api = ApiClient(url, timeout=4.0, parent=self)
        api.health().then(self._on_health, self._on_health_failed)

    def _on_health(self, result: dict[str, Any]) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(tr("ui.setup.test_ok", self.lang, version=str(result.get("version", "?"))))

    def _on_health_failed(self, error: ApiError) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(error.message(self.lang))

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    @staticmethod
    def _editor(spec: Setting, value: Any, secret: bool) -> tuple[QWidget, Getter]:
        if spec.choices:
            box = QComboBox()
            box.addItems(list(spec.choices))
            box.setCurrentText(str(value))
            return box, box.currentText
        if spec.type is bool:
            check = QCheckBox()
            check.setChecked(bool(value))
            return check, check.isChecked
        if spec.type is int:
            spin = QSpinBox()
            spin.setRange(int(spec.minimum if spec.minimum is not None else -10**9),
                          int(spec.maximum if spec.maximum is not None else 10**9))
            spin.setValue(int(value))
            return spin, spin.value
        if spec.type is float:
            dspin = QDoubleSpinBox()
            dspin.setRange(spec.minimum if spec.minimum is not None else -1e9,
                           spec.maximum if spec.maximum is not None else 1e9)
            dspin.setValue(float(value))
            return dspin, dspin.value
        line = QLineEdit(str(value))
        if secret:
            line.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        return line, lambda: line.text().strip()
