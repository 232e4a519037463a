"""Home: one large button per field (or per category first), the priority button, and page turning.

One widget tree for both orientations: the grid has 2 columns × 6 rows in portrait and 3 × 4 in
landscape, and a field that cannot be tapped (closed, full) is drawn with a dashed border, grey, and
says why in words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from assets.texts import tr
from kiosk.config import Category
from kiosk.look import Look
from kiosk.screens.fields import can_issue, field_detail, field_name, grid, page_count, page_of


class BigButton(QPushButton):
    """A button with a bold first line and a smaller second line, both wrapping."""

    def __init__(self, role: str, minimum_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setMinimumHeight(minimum_height)
        self.title = QLabel(wordWrap=True)
        self.title.setProperty("role", "field_name")
        self.detail = QLabel(wordWrap=True)
        self.detail.setProperty("role", "field_detail")
        for label in (self.title, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(minimum_height // 8, 0, minimum_height // 8, 0)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_text(self, title: str, detail: str, enabled: bool = True) -> None:
        """Set both lines, and whether the button can be tapped (greyed, with its reason, if not)."""
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setEnabled(enabled)
        for label in (self.title, self.detail):
            if label.property("dim") != (not enabled):
                label.setProperty("dim", not enabled)
                label.style().unpolish(label)
                label.style().polish(label)


class HomeScreen(QWidget):
    """Signals: ``field_chosen(code)``, ``priority_requested()``."""

    field_chosen = Signal(str)
    priority_requested = Signal()

    def __init__(self, look: Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.look = look
        self.lang = "vi"
        self.portrait = True
        self.rows: list[dict[str, Any]] = []
        self.categories: tuple[Category, ...] = ()
        self.category: Category | None = None
        self.priority: str | None = None
        self.priority_enabled = True
        self.show_wait = True
        self.today: str | None = None
        self.page = 0
        self.buttons: list[BigButton] = []

        self.title = QLabel(objectName="title", wordWrap=True)
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.priority_band = QLabel(objectName="priority_band", wordWrap=True)
        self.priority_band.setProperty("role", "notice")
        self.priority_cancel = QPushButton(objectName="priority_cancel")
        self.priority_cancel.setProperty("role", "nav")
        self.priority_cancel.clicked.connect(lambda: self.set_priority(None))
        self.priority_button = BigButton("priority", look.touch())
        self.priority_button.setObjectName("priority_button")
        self.priority_button.clicked.connect(lambda: self.priority_requested.emit())
        self.back_button = QPushButton(objectName="all_categories")
        self.back_button.setProperty("role", "nav")
        self.back_button.clicked.connect(self.show_categories)
        self.grid = QGridLayout()
        self.grid.setSpacing(look.metrics.mm(3))
        self.previous_button = QPushButton(objectName="previous_page")
        self.next_button = QPushButton(objectName="next_page")
        self.page_label = QLabel(objectName="page_label", alignment=Qt.AlignmentFlag.AlignCenter)
        self.page_label.setProperty("role", "page")
        for button in (self.previous_button, self.next_button):
            button.setProperty("role", "nav")
        self.previous_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(+1))
        pager = QHBoxLayout()
        pager.addWidget(self.previous_button)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        m = look.metrics.mm
        layout.setContentsMargins(m(5), m(4), m(5), m(3))
        layout.setSpacing(m(3))
        layout.addWidget(self.title)
        band = QHBoxLayout()
        band.setSpacing(m(3))
        band.addWidget(self.priority_band, 1)
        band.addWidget(self.priority_cancel)
        layout.addLayout(band)
        layout.addWidget(self.priority_button)
        layout.addWidget(self.back_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self.grid, 1)
        layout.addStretch(0)  # takes what the grid's capped buttons leave, instead of the title
        layout.addLayout(pager)
        self._build_grid()

    # ----------------------------------------------------------------- inputs

    def set_fields(self, rows: list[dict[str, Any]], today: str | None = None) -> None:
        """The fields as the server's snapshot lists them, with waiting counts and states."""
        self.rows, self.today = rows, today
        self.redraw()

    def set_options(self, categories: tuple[Category, ...], priority_enabled: bool, show_wait: bool) -> None:
        """The centre's ``[kiosk]`` choices."""
        self.categories, self.priority_enabled, self.show_wait = categories, priority_enabled, show_wait
        self.redraw()

    def set_orientation(self, portrait: bool) -> None:
        """Lay the grid out for a portrait or landscape panel."""
        if portrait != self.portrait:
            self.portrait = portrait
            self._build_grid()
            self.redraw()

    def set_language(self, lang: str) -> None:
        """Show every text in *lang*."""
        self.lang = lang
        self.redraw()

    def set_priority(self, kind: str | None) -> None:
        """The citizen chose a priority kind (or gave it up): the next field tap carries it."""
        self.priority = kind
        self.page = 0
        self.redraw()

    def reset(self) -> None:
        """Back to the first page of everything, no priority."""
        self.page, self.category, self.priority = 0, None, None
        self.redraw()

    @property
    def at_start(self) -> bool:
        """Nothing chosen: first page, no category, no priority."""
        return self.page == 0 and self.category is None and self.priority is None

    # ----------------------------------------------------------------- navigation

    def turn(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page."""
        self.page = min(max(0, self.page + step), self.pages() - 1)
        self.redraw()

    def show_categories(self) -> None:
        """Back from a category's fields to the list of categories."""
        self.category, self.page = None, 0
        self.redraw()

    def pages(self) -> int:
        """Pages of what is shown now."""
        columns, rows = grid(self.portrait)
        return page_count(len(self._items()), columns * rows)

    def _items(self) -> list[Any]:
        if self.categories and self.category is None:
            return list(self.categories)
        if self.category is not None:
            wanted = self.category.fields
            return sorted((r for r in self.rows if r["code"] in wanted), key=lambda r: wanted.index(r["code"]))
        return self.rows

    # ----------------------------------------------------------------- drawing

    def _build_grid(self) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.deleteLater()
        columns, rows = grid(self.portrait)
        self.buttons = []
        for i in range(columns * rows):
            button = BigButton("field", self.look.field_button_height())
            button.setObjectName(f"field_{i}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMaximumHeight(self.look.metrics.mm(55))
            button.clicked.connect(lambda _=False, i=i: self._tapped(i))
            self.grid.addWidget(button, i // columns, i % columns)
            self.buttons.append(button)
        for c in range(columns):
            self.grid.setColumnStretch(c, 1)

    def redraw(self) -> None:
        """Draw the current page in the current language."""
        lang = self.lang
        choosing_category = bool(self.categories) and self.category is None
        self.title.setText(tr("kiosk.title_category" if choosing_category else "kiosk.title", lang))
        self.priority_band.setVisible(self.priority is not None)
        self.priority_cancel.setVisible(self.priority is not None)
        self.priority_cancel.setText(tr("kiosk.priority_cancel", lang))
        if self.priority is not None:
            self.priority_band.setText(tr("kiosk.priority_chosen", lang, kind=tr(f"priority.{self.priority}", lang)))
        self.priority_button.setVisible(self.priority is None and self.priority_enabled)
        self.priority_button.show_text("★  " + tr("kiosk.priority_button", lang), tr("kiosk.priority_kinds", lang))
        self.back_button.setVisible(self.category is not None)
        self.back_button.setText(tr("kiosk.all_categories", lang))
        columns, rows = grid(self.portrait)
        items = page_of(self._items(), self.page, columns * rows)
        self.page = min(self.page, self.pages() - 1)
        for i, button in enumerate(self.buttons):
            item = items[i] if i < len(items) else None
            button.setVisible(item is not None)
            if isinstance(item, Category):
                count = sum(1 for r in self.rows if r["code"] in item.fields)
                button.show_text(item.name(lang), tr("kiosk.category_fields", lang, count=count))
            elif item is not None:
                button.show_text(field_name(item, lang), field_detail(item, lang, self.show_wait, self.today),
                                 can_issue(item))
        pages = self.pages()
        for w in (self.previous_button, self.next_button, self.page_label):
            w.setVisible(pages > 1)
        self.page_label.setText(tr("kiosk.page", lang, page=self.page + 1, pages=pages))
        self.previous_button.setText(tr("kiosk.previous", lang))
        self.next_button.setText(tr("kiosk.next", lang))
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < pages - 1)

    def _tapped(self, index: int) -> None:
        columns, rows = grid(self.portrait)
        items = page_of(self._items(), self.page, columns * rows)
        if index >= len(items):
            return
        item = items[index]
        if isinstance(item, Category):
            self.category, self.page = item, 0
            self.redraw()
        elif can_issue(item):
            self.field_chosen.emit(item["code"])

    def button_for(self, code: str) -> BigButton | None:
        """The button showing field *code* on the current page (for tests and the screenshot script)."""
        columns, rows = grid(self.portrait)
        for button, item in zip(self.buttons, page_of(self._items(), self.page, columns * rows), strict=False):
            if isinstance(item, dict) and item["code"] == code:
                return button
        return None
