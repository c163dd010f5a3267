"""Draw the app icons committed under static/cramplog/icons/ (run once; no network)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

SIZES = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),
    "shortcut-log-96.png": (96, False),
    "shortcut-checkin-96.png": (96, False),
}
BLUE = (11, 92, 173, 255)
WHITE = (255, 255, 255, 255)


def draw_icon(size, full_bleed, mark="leg"):
    scale = 4  # draw large, then downsample for smooth edges
    side = size * scale
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if full_bleed:
        draw.rectangle([0, 0, side, side], fill=BLUE)
    else:
        draw.rounded_rectangle([0, 0, side - 1, side - 1], radius=side // 5, fill=BLUE)
    # Keep the mark inside the maskable safe zone (the central 80%).
    inset = side * (0.22 if full_bleed else 0.16)
    box = [inset, inset, side - inset, side - inset]
    w = box[2] - box[0]
    if mark == "checkin":
        draw.line(
            [
                (box[0] + 0.1 * w, box[1] + 0.55 * w),
                (box[0] + 0.4 * w, box[1] + 0.85 * w),
                (box[0] + 0.9 * w, box[1] + 0.2 * w),
            ],
            fill=WHITE,
            width=int(w * 0.12),
            joint="curve",
        )
    else:
        # A calf and foot in profile, drawn as a thick polyline.
        points = [(0.45, 0.0), (0.42, 0.25), (0.5, 0.55), (0.45, 0.8), (0.48, 0.92), (0.85, 0.95)]
        draw.line(
            [(box[0] + x * w, box[1] + y * w) for x, y in points],
            fill=WHITE,
            width=int(w * 0.16),
            joint="curve",
        )
        draw.ellipse(
            [box[0] + 0.52 * w, box[1] + 0.3 * w, box[0] + 0.72 * w, box[1] + 0.5 * w],
            outline=(255, 200, 80, 255),
            width=int(w * 0.05),
        )
    return image.resize((size, size), Image.LANCZOS)


class Command(BaseCommand):
    help = "Draw the PWA icons into static/cramplog/icons/."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "cramplog" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        for name, (size, full_bleed) in SIZES.items():
            mark = "checkin" if "checkin" in name else "leg"
            draw_icon(size, full_bleed, mark).save(folder / name, optimize=True)
            self.stdout.write(f"wrote {name} ({size}x{size})")
