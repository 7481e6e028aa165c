"""Draw the portal's PNG icons (manifest, apple-touch-icon, favicon) from the favicon's
design: run once with `.venv/bin/python tools/make_icons.py`; the PNGs are committed."""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (11, 93, 75)
GOLD = (242, 193, 78)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "portal" / "static" / "img"
SCALE = 4  # drawn larger, then shrunk: smooth edges


def draw(size: int, *, rounded: bool, motif: float) -> Image.Image:
    """The knot (a ring open at the bottom left, a gold centre) on the brand colour.
    motif: the share of the icon the 32-unit design takes (smaller for maskable icons)."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    radius = big * 6 // 32 if rounded else 0
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=BRAND)
    unit = big * motif / 32
    centre = big / 2
    middle, stroke = 7 * unit, 3 * unit  # the ring's centre line, as in the SVG
    outer = middle + stroke / 2  # PIL draws the width inside the box
    box = (centre - outer, centre - outer, centre + outer, centre + outer)
    pen.arc(box, start=180, end=90, fill=WHITE, width=round(stroke))
    # Round caps at both ends of the ring (left and bottom).
    for x, y in ((centre - middle, centre), (centre, centre + middle)):
        pen.ellipse((x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2), fill=WHITE)
    dot = 3 * unit
    pen.ellipse((centre - dot, centre - dot, centre + dot, centre + dot), fill=GOLD)
    return image.resize((size, size), Image.LANCZOS)


def save(image: Image.Image, name: str) -> None:
    """A palette PNG: the flat colours and their smooth edges fit in 64 colours, and the
    icon Chrome fetches for the manifest costs a third of the bytes on 3G."""
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(OUT / name, optimize=True)


def main() -> None:
    save(draw(192, rounded=True, motif=1), "icon-192.png")
    save(draw(512, rounded=True, motif=1), "icon-512.png")
    # Maskable: full bleed, the design inside the 80 % safe circle.
    save(draw(512, rounded=False, motif=0.7).convert("RGB"), "icon-maskable-512.png")
    # iOS rounds the corners itself and wants no transparency.
    save(draw(180, rounded=False, motif=0.85).convert("RGB"), "apple-touch-icon.png")
    save(draw(32, rounded=True, motif=1), "favicon-32.png")


if __name__ == "__main__":
    main()
