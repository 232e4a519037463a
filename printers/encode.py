"""ESC/POS bytes for a rendered ticket, built with python-escpos's Dummy printer.

The image goes out as ``GS v 0`` raster by default; ``graphics`` (``GS ( L``) and ``bitImageColumn``
(``ESC *``) are there for printers that mishandle raster images. With native QR, the QR block is cut out
of the image and the printer draws the code itself (``GS ( k``) between the parts above and below it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from PIL import Image

from printers._escpos import Dummy, get_profile
from printers.layout import RenderedTicket, render_ticket
from printers.template import EscposOptions, TicketConfig, default_config
from printers.ticket import TicketPrint


@dataclass(frozen=True)
class PreparedTicket:
    """A ticket ready to send: its image (for previews and the virtual printer) and its bytes."""

    label: str
    image: Image.Image
    data: bytes


def _printer(width: int) -> Dummy:
    # A private copy of the default profile that knows the paper width: escpos checks the image
    # against it, and prints a notice on stdout for every image when the width is unknown.
    printer = Dummy()
    profile = get_profile("default")
    profile.profile_data = copy.deepcopy(profile.profile_data)
    profile.profile_data["media"]["width"]["pixels"] = width
    printer.profile = profile
    return printer


def encode_ticket(rendered: RenderedTicket, options: EscposOptions | None = None) -> bytes:
    """The ESC/POS byte stream for *rendered*: initialise, image (and native QR), buzzer, cut."""
    opts = options or EscposOptions()
    image = rendered.image
    p = _printer(image.width)
    p.hw("INIT")

    def send(part: Image.Image) -> None:
        # Split here rather than in escpos, which converts the whole image once more before splitting.
        for top in range(0, part.height, opts.fragment_height):
            bottom = min(part.height, top + opts.fragment_height)
            p.image(
                part.crop((0, top, part.width, bottom)),
                impl=opts.image_impl,
                fragment_height=opts.fragment_height,
            )

    if opts.native_qr and rendered.qr_rows:
        top, bottom = rendered.qr_rows
        send(image.crop((0, 0, image.width, top)))
        p.set(align="center")
        p.qr(rendered.qr_url, native=True, size=max(1, min(16, rendered.qr_module)))
        p.set(align="left")
        send(image.crop((0, bottom, image.width, image.height)))
    else:
        send(image)
    if opts.buzzer:
        p.buzzer(opts.buzzer, 3)
    if opts.cut != "none":
        p.cut(mode="PART" if opts.cut == "partial" else "FULL")
    return p.output


def prepare_ticket(ticket: TicketPrint, config: TicketConfig | None = None) -> PreparedTicket:
    """Render and encode *ticket* with *config* (the default template when ``None``)."""
    cfg = config or default_config()
    rendered = render_ticket(ticket, cfg)
    return PreparedTicket(label=ticket.number_label, image=rendered.image, data=encode_ticket(rendered, cfg.escpos))
