"""Demo signature and seal images (PNG, transparent background), drawn for ``congvan demo`` and tests.

Phụ lục I II.7.d: the signer's image is the handwritten signature, blue, PNG with a transparent background.
II.8.a: the agency's image is its seal, red, at its real size, PNG with a transparent background. Real images
are scanned from paper and uploaded by an administrator; these stand in for them in the demo.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

from ..layout.metrics import _font_path

BLUE = (20, 40, 170, 255)
RED = (220, 20, 30, 255)


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(bold)
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def demo_signature_png(name: str, *, seed: int | None = None) -> bytes:
    """A blue flourish with the signer's given name, 600×240 px (about 50×20 mm at 300 dpi)."""
    rng = random.Random(seed if seed is not None else name)
    width, height = 600, 240
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for i in range(60):
        t = i / 59
        x = 40 + t * 520
        y = 130 + 55 * math.sin(t * 9 + rng.random()) * (1 - t * 0.6) + rng.uniform(-6, 6)
        points.append((x, y))
    draw.line(points, fill=BLUE, width=5, joint="curve")
    given = name.split()[-1] if name.split() else name
    font = _font(64)
    draw.text((170, 70), given, font=font, fill=BLUE)
    draw.line([(150, 190), (470, 170)], fill=BLUE, width=4)
    return _png(image)


def _arc_text(draw: ImageDraw.ImageDraw, text: str, centre: float, radius: float, font_size: int) -> None:
    """Capitals around the upper arc of the seal, read left to right."""
    font = _font(font_size, bold=True)
    span = math.radians(min(300, 11 * len(text)))
    start = math.pi / 2 + span / 2
    for i, ch in enumerate(text):
        angle = start - span * (i + 0.5) / max(len(text), 1)
        x = centre + radius * math.cos(angle)
        y = centre - radius * math.sin(angle)
        glyph = Image.new("RGBA", (font_size * 2, font_size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font_size, font_size), ch, font=font, fill=RED, anchor="mm")
        rotated = glyph.rotate(math.degrees(angle - math.pi / 2), resample=Image.Resampling.BICUBIC)
        draw._image.alpha_composite(rotated, (int(x - font_size), int(y - font_size)))  # type: ignore[attr-defined]


def demo_seal_png(agency: str, *, parent: str = "", size_px: int = 400) -> bytes:
    """A round red seal: two rings, the managing body around the top, the agency's name in the middle."""
    image = Image.new("RGBA", (size_px, size_px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size_px / 2
    draw.ellipse([6, 6, size_px - 6, size_px - 6], outline=RED, width=10)
    draw.ellipse([58, 58, size_px - 58, size_px - 58], outline=RED, width=5)
    _arc_text(draw, (parent or agency).upper(), c, c - 32, 26)
    font = _font(30, bold=True)
    words = agency.upper().split()
    lines, line = [], ""
    for word in words:
        if line and len(line) + len(word) > 12:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    top = c - 19 * len(lines)
    for i, text in enumerate(lines[:4]):
        draw.text((c, top + 38 * i + 19), text, font=font, fill=RED, anchor="mm")
    draw.regular_polygon((c, c + 110, 14), 5, fill=RED)
    return _png(image)
