"""Photos of the Haibin demo's activities, drawn as real PNG pictures: a lecture hall with its
banner, screen and audience, a market-day stand under a canopy with the crowd, a row of display
boards. No picture library: a small encoder writes the PNG (filter-less rows, zlib), and the
scenes are drawn from rectangles and discs, so the demo needs nothing beyond the standard
library and draws the same pictures on every machine.

The main activities get two photos each with captions, so that the 普法展示录 of the demo year
shows them.
"""

from __future__ import annotations

import random
import struct
import zlib
from math import isqrt

from django.core.files.base import ContentFile

from fazhi.org.models import Street, User
from fazhi.outreach import services
from fazhi.outreach.models import Activity

WIDTH, HEIGHT = 640, 427  # 3:2, as a camera takes them

Colour = tuple[int, int, int]

INDOOR, OUTDOOR, BOARDS = "indoor", "outdoor", "boards"
SCENES: dict[str, str] = {
    Activity.Kind.LECTURE: INDOOR,
    Activity.Kind.GOVERNMENT: INDOOR,
    Activity.Kind.SCHOOL: INDOOR,
    Activity.Kind.ENTERPRISE: INDOOR,
    Activity.Kind.CASE_EXPLAINED: INDOOR,
    Activity.Kind.MARKET_DAY: OUTDOOR,
    Activity.Kind.THEME_DAY: OUTDOOR,
    Activity.Kind.COMMUNITY: OUTDOOR,
    Activity.Kind.EXHIBITION: BOARDS,
}
# Two captions per activity kind: the scene, then the people.
CAPTIONS: dict[str, tuple[str, str]] = {
    Activity.Kind.LECTURE: ("讲座现场", "居民认真听讲"),
    Activity.Kind.GOVERNMENT: ("宣讲现场", "机关干部认真学习"),
    Activity.Kind.SCHOOL: ("进校园宣讲现场", "学生和家长认真听讲"),
    Activity.Kind.ENTERPRISE: ("进企业法律服务现场", "律师为企业职工解读法律规定"),
    Activity.Kind.CASE_EXPLAINED: ("以案释法现场", "居民参与交流讨论"),
    Activity.Kind.MARKET_DAY: ("法治宣传咨询台", "律师现场解答群众咨询"),
    Activity.Kind.THEME_DAY: ("主题宣传活动现场", "工作人员向群众发放宣传材料"),
    Activity.Kind.COMMUNITY: ("进社区宣传现场", "工作人员向居民讲解法规"),
    Activity.Kind.EXHIBITION: ("展板巡展现场", "居民观看展板"),
}
# Lectures with photos; every other kind of offline activity held has them.
PHOTOGRAPHED_LECTURES = {
    "《宪法》进社区专题讲座",
    "《民法典》解读讲座：总则编",
    "防范非法集资宣传月专题讲座",
    "“6·26”禁毒知识讲座",
    "禁毒知识进课堂讲座",
    "远离毒品 珍爱生命专题讲座",
}

RED: Colour = (196, 30, 36)
YELLOW: Colour = (250, 216, 96)
WHITE: Colour = (246, 246, 242)
SHIRTS: list[Colour] = [
    (40, 60, 110),
    (150, 40, 40),
    (230, 230, 225),
    (60, 110, 70),
    (200, 150, 60),
    (90, 90, 95),
    (120, 70, 130),
    (30, 30, 35),
    (70, 130, 180),
]
HAIR: list[Colour] = [(25, 22, 20), (40, 34, 30), (70, 66, 62), (150, 148, 145)]
SKIN: list[Colour] = [(232, 196, 160), (222, 184, 146), (210, 170, 130)]


class Canvas:
    """An RGB picture drawn with rectangles and discs, written out as a PNG."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(width * height * 3)

    def rect(self, x0: float, y0: float, x1: float, y1: float, colour: Colour) -> None:
        left, right = max(0, int(x0)), min(self.width, int(x1))
        top, bottom = max(0, int(y0)), min(self.height, int(y1))
        if left >= right:
            return
        line = bytes(colour) * (right - left)
        for y in range(top, bottom):
            start = (y * self.width + left) * 3
            self.pixels[start : start + len(line)] = line

    def disc(self, cx: float, cy: float, r: float, colour: Colour) -> None:
        radius = int(r)
        for dy in range(-radius, radius + 1):
            dx = isqrt(radius * radius - dy * dy)
            self.rect(cx - dx, cy + dy, cx + dx + 1, cy + dy + 1, colour)

    def gradient(self, y0: int, y1: int, top: Colour, bottom: Colour) -> None:
        span = max(1, y1 - y0)
        for y in range(y0, y1):
            t = (y - y0) / span
            colour = (
                int(top[0] + (bottom[0] - top[0]) * t),
                int(top[1] + (bottom[1] - top[1]) * t),
                int(top[2] + (bottom[2] - top[2]) * t),
            )
            self.rect(0, y, self.width, y + 1, colour)

    def png(self) -> bytes:
        def chunk(kind: bytes, body: bytes) -> bytes:
            crc = zlib.crc32(kind + body) & 0xFFFFFFFF
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

        stride = self.width * 3
        rows = b"".join(
            b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b"")
        )


def _banner(canvas: Canvas, x0: float, y0: float, x1: float, y1: float, rng: random.Random) -> None:
    """A red banner with a line of yellow characters (blocks of strokes)."""
    canvas.rect(x0, y0, x1, y1, RED)
    size = (y1 - y0) * 0.55
    count = int((x1 - x0 - size) // (size * 1.25))
    left = x0 + (x1 - x0 - count * size * 1.25) / 2
    top = y0 + (y1 - y0 - size) / 2
    for n in range(count):
        x = left + n * size * 1.25
        for _stroke in range(3):
            if rng.random() < 0.5:  # a horizontal stroke
                y = top + rng.random() * size * 0.85
                canvas.rect(x, y, x + size, y + max(2, size * 0.14), YELLOW)
            else:
                sx = x + rng.random() * size * 0.85
                canvas.rect(sx, top, sx + max(2, size * 0.14), top + size, YELLOW)


def _person_back(canvas: Canvas, cx: float, base: float, scale: float, rng: random.Random) -> None:
    """Someone of the audience seen from behind: shoulders and the back of the head."""
    shirt, hair = rng.choice(SHIRTS), rng.choice(HAIR)
    canvas.disc(cx - 14 * scale, base - 12 * scale, 10 * scale, shirt)
    canvas.disc(cx + 14 * scale, base - 12 * scale, 10 * scale, shirt)
    canvas.rect(cx - 24 * scale, base - 12 * scale, cx + 24 * scale, base + 30 * scale, shirt)
    canvas.rect(cx - 6 * scale, base - 26 * scale, cx + 6 * scale, base - 14 * scale, SKIN[0])
    canvas.disc(cx, base - 34 * scale, 13 * scale, hair)


def _person_standing(
    canvas: Canvas, cx: float, feet: float, scale: float, rng: random.Random
) -> None:
    """A standing person facing the camera: legs, body, arms, face and hair."""
    shirt, hair, skin = rng.choice(SHIRTS), rng.choice(HAIR), rng.choice(SKIN)
    trousers = rng.choice([(30, 32, 40), (50, 60, 80), (80, 70, 60)])
    canvas.rect(cx - 10 * scale, feet - 42 * scale, cx - 2 * scale, feet, trousers)
    canvas.rect(cx + 2 * scale, feet - 42 * scale, cx + 10 * scale, feet, trousers)
    canvas.rect(cx - 13 * scale, feet - 90 * scale, cx + 13 * scale, feet - 40 * scale, shirt)
    canvas.rect(cx - 19 * scale, feet - 86 * scale, cx - 13 * scale, feet - 52 * scale, shirt)
    canvas.rect(cx + 13 * scale, feet - 86 * scale, cx + 19 * scale, feet - 52 * scale, shirt)
    canvas.disc(cx, feet - 102 * scale, 11 * scale, skin)
    canvas.rect(cx - 11 * scale, feet - 116 * scale, cx + 11 * scale, feet - 106 * scale, hair)


def _indoor(rng: random.Random, second: bool) -> Canvas:
    canvas = Canvas()
    w, h = canvas.width, canvas.height
    wall = rng.choice([(228, 220, 200), (214, 222, 226), (232, 226, 214)])
    canvas.gradient(0, int(h * 0.62), wall, tuple(max(0, c - 30) for c in wall))  # type: ignore[arg-type]
    canvas.gradient(int(h * 0.62), h, (150, 120, 90), (110, 86, 64))
    _banner(canvas, w * 0.08, h * 0.05, w * 0.92, h * 0.16, rng)
    # The projection screen with the slide's title and lines.
    screen_left = w * (0.45 if second else 0.12)
    canvas.rect(
        screen_left - 4, h * 0.21 - 4, screen_left + w * 0.4 + 4, h * 0.52 + 4, (60, 60, 64)
    )
    canvas.rect(screen_left, h * 0.21, screen_left + w * 0.4, h * 0.52, (236, 242, 250))
    canvas.rect(screen_left + 12, h * 0.24, screen_left + w * 0.4 - 12, h * 0.29, (30, 80, 160))
    for n in range(4):
        y = h * 0.33 + n * h * 0.045
        length = w * (0.2 + 0.15 * rng.random())
        canvas.rect(screen_left + 16, y, screen_left + 16 + length, y + 5, (90, 96, 110))
    # The speaker at the lectern.
    lectern = w * (0.22 if second else 0.7)
    _person_standing(canvas, lectern, h * 0.6, 1.05, rng)
    canvas.rect(lectern - 30, h * 0.45, lectern + 30, h * 0.63, (120, 70, 40))
    canvas.rect(lectern - 20, h * 0.49, lectern + 20, h * 0.53, RED)
    # The audience, rows nearer the camera larger.
    for row, (base, scale) in enumerate(((0.7, 0.75), (0.8, 0.95), (0.92, 1.2))):
        spacing = 70 * scale
        offset = (row % 2) * spacing / 2 + rng.random() * 10
        x = offset
        while x < w + spacing:
            if rng.random() < 0.9:
                _person_back(canvas, x, h * base, scale, rng)
            x += spacing
    return canvas


def _outdoor(rng: random.Random, second: bool) -> Canvas:
    canvas = Canvas()
    w, h = canvas.width, canvas.height
    canvas.gradient(0, int(h * 0.5), (120, 170, 225), (200, 224, 244))
    canvas.gradient(int(h * 0.5), h, (176, 172, 164), (140, 136, 128))
    # Trees and a building behind.
    canvas.rect(0, h * 0.28, w * 0.3, h * 0.5, (206, 196, 180))
    for n in range(5):
        canvas.rect(w * 0.02 + n * 36, h * 0.32, w * 0.02 + n * 36 + 22, h * 0.36, (120, 150, 180))
    for x in (w * 0.36, w * 0.88):
        canvas.rect(x - 5, h * 0.32, x + 5, h * 0.52, (90, 64, 40))
        canvas.disc(x, h * 0.3, 38, (70, 130, 70))
    # The canopy with its banner, the table with its cloth and leaflets.
    left, right = w * 0.3, w * 0.78
    canvas.rect(left, h * 0.12, right, h * 0.21, RED)
    _banner(canvas, left + 10, h * 0.22, right - 10, h * 0.31, rng)
    canvas.rect(left + 4, h * 0.21, left + 10, h * 0.66, (200, 200, 200))
    canvas.rect(right - 10, h * 0.21, right - 4, h * 0.66, (200, 200, 200))
    _person_standing(canvas, left + 80, h * 0.6, 0.8, rng)
    _person_standing(canvas, right - 90, h * 0.6, 0.8, rng)
    canvas.rect(left + 20, h * 0.5, right - 20, h * 0.64, (40, 80, 160))
    for n in range(6):
        x = left + 40 + n * 38
        canvas.rect(x, h * 0.485, x + 24, h * 0.5, WHITE)
    # The crowd before the stand.
    count = 9 if second else 7
    for n in range(count):
        x = w * 0.06 + n * (w * 0.9 / count) + rng.random() * 20
        _person_standing(canvas, x, h * (0.9 + 0.06 * rng.random()), 1.1 + 0.3 * rng.random(), rng)
    return canvas


def _boards(rng: random.Random, second: bool) -> Canvas:
    canvas = Canvas()
    w, h = canvas.width, canvas.height
    canvas.gradient(0, int(h * 0.6), (236, 232, 224), (210, 204, 194))
    canvas.gradient(int(h * 0.6), h, (186, 180, 170), (150, 146, 138))
    for n in range(4):
        left = w * 0.04 + n * w * 0.24
        canvas.rect(left + 8, h * 0.66, left + 14, h * 0.8, (80, 80, 84))
        canvas.rect(left + w * 0.2 - 14, h * 0.66, left + w * 0.2 - 8, h * 0.8, (80, 80, 84))
        canvas.rect(left, h * 0.12, left + w * 0.2, h * 0.66, WHITE)
        canvas.rect(left, h * 0.12, left + w * 0.2, h * 0.2, RED)
        canvas.rect(left + 10, h * 0.23, left + w * 0.2 - 10, h * 0.36, (170, 196, 226))
        for line in range(6):
            y = h * 0.4 + line * h * 0.038
            canvas.rect(
                left + 10, y, left + 10 + w * (0.1 + 0.07 * rng.random()), y + 4, (90, 96, 110)
            )
    for n in range(5 if second else 3):
        _person_standing(canvas, w * (0.12 + 0.19 * n) + rng.random() * 30, h * 0.97, 1.2, rng)
    return canvas


_DRAW = {INDOOR: _indoor, OUTDOOR: _outdoor, BOARDS: _boards}


def scene_png(scene: str, rng: random.Random, *, second: bool = False) -> bytes:
    """A PNG picture of ``scene`` (indoor, outdoor or boards); ``second`` the other angle."""
    return _DRAW[scene](rng, second).png()


def load_photos(street: Street, actor: User) -> int:
    """Two photos for each main offline activity of the street's year held; the number added."""
    rng = random.Random("haibin-outreach-photos-2020")
    added = 0
    held = Activity.objects.filter(street=street, status=Activity.Status.HELD).order_by(
        "held_on", "id"
    )
    for activity in held:
        scene = SCENES.get(activity.kind)
        if scene is None:
            continue
        if activity.kind == Activity.Kind.LECTURE and activity.title not in PHOTOGRAPHED_LECTURES:
            continue
        for second, caption in enumerate(CAPTIONS[activity.kind]):
            services.activity_photo_add(
                activity=activity,
                file=ContentFile(scene_png(scene, rng, second=bool(second)), name="photo.png"),
                caption=caption,
                actor=actor,
            )
            added += 1
    return added
