#!/usr/bin/env python3
"""Draws the demo catalog's pictures as flat SVG illustrations and writes
files.in, the table the catalog compiles in (crates/catalog/src/domain/image.rs).

Run from anywhere: python3 crates/catalog/images/draw.py. The output is
deterministic, so running it again changes nothing unless this file changed.
Every product has a main picture (<slug>.svg); the gallery views (<slug>-2.svg,
<slug>-3.svg) follow the rule of picture_count in crates/catalog/src/domain/seed.rs.
"""

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def slugify(name):
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug


def picture_count(i):
    return {0: 3, 1: 2}.get(i % 3, 1)


# ---- drawing primitives -------------------------------------------------

def r(x, y, w, h, fill, rx=0, extra=""):
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}"{extra}/>'


def c(cx, cy, rad, fill, extra=""):
    return f'<circle cx="{cx}" cy="{cy}" r="{rad}" fill="{fill}"{extra}/>'


def e(cx, cy, rx, ry, fill, extra=""):
    return f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{fill}"{extra}/>'


def p(d, fill, extra=""):
    return f'<path d="{d}" fill="{fill}"{extra}/>'


def s(d, stroke, width, extra=""):
    return (f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{width}" '
            f'stroke-linecap="round" stroke-linejoin="round"{extra}/>')


def t(x, y, text, size, fill, weight=700, anchor="middle"):
    return (f'<text x="{x}" y="{y}" font-family="Helvetica, Arial, sans-serif" font-size="{size}" '
            f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{text}</text>')


INK = "#1f2937"
WHITE = "#ffffff"
SHADOW = "#000000"


def shade(hex_colour, factor):
    """hex_colour darker (factor < 1) or lighter (factor > 1)."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    if factor < 1:
        rgb = [int(v * factor) for v in rgb]
    else:
        rgb = [int(v + (255 - v) * (factor - 1)) for v in rgb]
    return "#" + "".join(f"{max(0, min(255, v)):02x}" for v in rgb)


# ---- the pictures -------------------------------------------------------

def frame(title, background, art, view):
    """A 600 x 600 picture of art, in one of three views: 1 the product,
    2 a close-up, 3 the product on a surface with a second colour."""
    shadow = e(300, 488, 170, 22, SHADOW, ' opacity="0.12"')
    if view == 1:
        body = r(0, 0, 600, 600, background) + shadow + art
    elif view == 2:
        body = (r(0, 0, 600, 600, shade(background, 0.93))
                + f'<g transform="translate(300 300) scale(1.7) translate(-300 -270)">{art}</g>')
    else:
        body = (r(0, 0, 600, 600, shade(background, 1.25))
                + c(470, 130, 70, shade(background, 0.9))
                + c(110, 90, 36, shade(background, 0.85))
                + r(0, 470, 600, 130, shade(background, 0.82))
                + e(300, 478, 130, 16, SHADOW, ' opacity="0.15"')
                + f'<g transform="translate(300 300) scale(0.78) translate(-300 -250)">{art}</g>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600" '
            f'role="img" aria-label="{title}"><title>{title}</title>{body}</svg>\n')


def main():
    files = {}
    for slug, background, accents, items in CATEGORIES:
        for i, (name, draw) in enumerate(items):
            product = slugify(name)
            art = draw(accents[i % len(accents)])
            for view in range(1, picture_count(i) + 1):
                file = f"{product}.svg" if view == 1 else f"{product}-{view}.svg"
                label = name if view == 1 else f"{name}, view {view}"
                files[file] = frame(label, background, art, view)
        files[f"category-{slug}.svg"] = category_picture(slug, background, accents, items)
    for old in os.listdir(HERE):
        if old.endswith(".svg") and old not in files:
            os.remove(os.path.join(HERE, old))
    for name, svg in files.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write(svg)
    with open(os.path.join(HERE, "files.in"), "w", encoding="utf-8") as f:
        f.write("// Written by draw.py: the catalog's pictures, sorted by file name.\n&[\n")
        for name in sorted(files):
            f.write(f'    ("{name}", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/images/{name}"))),\n')
        f.write("]\n")


def category_picture(slug, background, accents, items):
    """Three of the category's products side by side."""
    arts = []
    for k, (x, scale) in enumerate([(150, 0.5), (300, 0.62), (450, 0.5)]):
        name, draw = items[k * 3 % len(items)]
        arts.append(f'<g transform="translate({x} 320) scale({scale}) translate(-300 -300)">'
                    f'{draw(accents[k % len(accents)])}</g>')
    body = (r(0, 0, 600, 600, background) + c(300, 300, 230, shade(background, 1.3))
            + "".join(arts))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600" '
            f'role="img" aria-label="{slug}"><title>{slug}</title>{body}</svg>\n')


# ---- electronics ----------------------------------------------------------

def headphones(a):
    return (s("M180 330 C180 150 420 150 420 330", INK, 26)
            + r(150, 300, 70, 140, a, 30) + r(380, 300, 70, 140, a, 30)
            + r(170, 320, 30, 100, shade(a, 0.7), 14) + r(400, 320, 30, 100, shade(a, 0.7), 14))


def speaker(a):
    return (r(190, 150, 220, 320, a, 40) + c(300, 360, 72, INK) + c(300, 360, 40, shade(a, 0.6))
            + c(300, 360, 14, INK) + c(300, 225, 30, INK) + c(300, 225, 12, shade(a, 0.6))
            + r(270, 165, 60, 8, WHITE, 4, ' opacity="0.5"'))


def charger(a):
    return (r(215, 210, 170, 200, a, 36) + r(250, 150, 22, 70, "#9ca3af", 6) + r(328, 150, 22, 70, "#9ca3af", 6)
            + p("M310 250 L270 320 L300 320 L285 380 L335 300 L305 300 Z", WHITE)
            + s("M300 410 C300 450 350 450 350 480", INK, 14))


def keyboard(a):
    keys = ""
    for row in range(4):
        for col in range(10 - (row == 3) * 6):
            w = 30 if row < 3 else 190 if col == 1 else 30
            x = 130 + col * 35 + (row == 3 and col > 1) * 160
            keys += r(x, 262 + row * 38, w, 30, WHITE if (row + col) % 7 else a, 6)
    return r(110, 240, 380, 180, INK, 22) + keys


def mouse(a):
    return (p("M300 160 C390 160 410 250 410 330 C410 420 360 470 300 470 C240 470 190 420 190 330 "
              "C190 250 210 160 300 160 Z", a)
            + s("M300 160 L300 270", shade(a, 0.6), 6) + s("M190 270 L410 270", shade(a, 0.6), 4)
            + r(290, 200, 20, 44, INK, 10))


def monitor(a):
    return (r(110, 140, 380, 240, INK, 18) + r(128, 158, 344, 204, a, 6)
            + p("M128 300 L220 230 L290 290 L350 250 L472 340 L472 362 L128 362 Z", shade(a, 0.75))
            + c(400, 210, 24, WHITE, ' opacity="0.8"')
            + r(280, 380, 40, 60, "#6b7280") + r(210, 440, 180, 20, INK, 10))


def smartwatch(a):
    return (r(250, 110, 100, 380, a, 40) + r(210, 200, 180, 200, INK, 50) + r(228, 218, 144, 164, "#111827", 38)
            + t(300, 300, "10:42", 40, WHITE) + s("M250 335 L280 335 L292 315 L308 355 L320 335 L350 335", "#34d399", 6)
            + r(388, 260, 14, 40, "#6b7280", 6))


def camera(a):
    return (r(160, 220, 280, 200, a, 30) + r(190, 190, 70, 40, shade(a, 0.75), 10)
            + c(300, 320, 78, INK) + c(300, 320, 54, "#374151") + c(300, 320, 30, "#60a5fa")
            + c(288, 306, 10, WHITE, ' opacity="0.8"') + c(400, 255, 12, "#ef4444"))


def powerbank(a):
    bars = "".join(r(250, 210 + k * 46, 100, 32, "#34d399" if k else WHITE, 8, "" if k else ' opacity="0.4"') for k in range(4))
    return r(220, 140, 160, 330, a, 30) + r(235, 190, 130, 200, INK, 16) + bars + r(280, 420, 40, 12, INK, 6)


def earbuds(a):
    return (e(300, 380, 150, 80, WHITE) + e(300, 380, 150, 80, "none", f' stroke="{shade(a, 0.8)}" stroke-width="6"')
            + s("M150 370 L450 370", shade(a, 0.8), 5) + c(300, 410, 8, "#34d399")
            + c(230, 230, 48, a) + r(222, 250, 24, 90, a, 12) + c(230, 230, 22, INK)
            + c(370, 230, 48, a) + r(354, 250, 24, 90, a, 12) + c(370, 230, 22, INK))


# ---- books ------------------------------------------------------------------

def book(title_lines, a, emblem):
    lines = "".join(t(320, 220 + k * 40, word, 30, WHITE) for k, word in enumerate(title_lines))
    return (r(190, 120, 250, 350, shade(a, 0.65), 10) + r(200, 112, 250, 350, a, 10)
            + r(200, 112, 26, 350, shade(a, 0.8), 6) + lines + emblem
            + r(226, 440, 224, 8, WHITE, 0, ' opacity="0.5"'))


def book_code(a):
    return book(["SYSTEMS", "IN PRACTICE"], a, t(330, 380, "{ }", 70, WHITE, 400))


def book_lighthouse(a):
    return book(["THE QUIET", "LIGHTHOUSE"], a,
                p("M320 300 L340 300 L350 410 L310 410 Z", WHITE) + r(312, 285, 36, 18, "#fde68a", 4)
                + s("M350 292 L400 270 M350 296 L400 310", "#fde68a", 5))


def book_cooking(a):
    return book(["COOKING", "WITH SEASONS"], a,
                e(330, 380, 70, 26, WHITE) + r(260, 352, 140, 28, WHITE, 14) + c(300, 340, 14, "#f87171") + c(345, 336, 12, "#86efac"))


def book_maps(a):
    return book(["A SHORT", "HISTORY", "OF MAPS"], a,
                p("M260 350 L300 335 L345 350 L390 335 L390 415 L345 430 L300 415 L260 430 Z", "#fef3c7")
                + s("M280 390 C300 370 330 400 365 375", "#ef4444", 4, ' stroke-dasharray="8 8"'))


def book_data(a):
    return book(["DESIGNING", "DATA", "SERVICES"], a,
                e(325, 350, 46, 14, WHITE) + r(279, 350, 92, 60, WHITE) + e(325, 410, 46, 14, WHITE)
                + e(325, 378, 46, 14, "none", f' stroke="{a}" stroke-width="4"'))


def book_garden(a):
    return book(["THE GARDEN", "ALMANAC"], a,
                s("M325 420 L325 330", "#bbf7d0", 6) + e(300, 350, 26, 12, "#bbf7d0") + e(350, 335, 26, 12, "#bbf7d0")
                + c(325, 315, 18, "#fde047"))


def book_canal(a):
    return book(["MIDNIGHT", "ON THE", "CANAL"], a,
                c(380, 330, 22, "#fef9c3") + s("M240 400 C270 390 300 410 330 400 C360 390 390 410 420 400", "#bfdbfe", 5))


def book_stats(a):
    bars = "".join(r(262 + k * 34, 420 - h, 24, h, WHITE) for k, h in enumerate([40, 70, 55, 95, 80]))
    return book(["EVERYDAY", "STATISTICS"], a, bars)


def book_mountains(a):
    return book(["MOUNTAINS", "AND MEN"], a,
                p("M240 420 L300 320 L330 370 L360 330 L420 420 Z", WHITE) + p("M300 320 L315 345 L290 345 Z", shade(a, 0.7)))


def book_draw(a):
    return book(["LEARNING", "TO DRAW"], a,
                s("M250 410 C280 330 330 430 370 340", WHITE, 6)
                + p("M380 300 L400 320 L350 400 L330 405 L335 385 Z", "#fde68a"))


# ---- home & kitchen -----------------------------------------------------------

def skillet(a):
    return (e(270, 330, 150, 110, INK) + e(270, 320, 125, 88, "#374151") + r(400, 300, 150, 34, INK, 17)
            + e(240, 300, 40, 18, WHITE, ' opacity="0.12"') + c(530, 317, 8, a))


def french_press(a):
    return (r(295, 110, 10, 60, "#6b7280") + r(255, 100, 90, 16, INK, 8) + r(220, 160, 160, 40, a, 10)
            + r(230, 200, 140, 240, "#e0f2fe", 8, ' opacity="0.9"') + r(230, 320, 140, 120, "#78350f", 0)
            + r(238, 300, 124, 10, "#9ca3af", 4) + s("M370 230 C430 230 430 380 370 380", a, 18)
            + r(210, 440, 180, 24, a, 10))


def plates(a):
    return (e(300, 400, 190, 60, shade(a, 0.8)) + e(300, 380, 190, 60, WHITE) + e(300, 360, 190, 60, shade(a, 0.9))
            + e(300, 340, 190, 60, WHITE) + e(300, 340, 120, 36, "#f3f4f6")
            + e(300, 340, 150, 48, "none", f' stroke="{a}" stroke-width="5"'))


def knife(a):
    return (p("M120 340 L400 300 L430 330 L400 360 L120 360 Z", "#d1d5db") + p("M120 340 L400 300 L400 330 L120 350 Z", "#e5e7eb")
            + r(400, 312, 170, 46, a, 16) + c(450, 335, 6, WHITE) + c(500, 335, 6, WHITE))


def tablecloth(a):
    checks = "".join(r(170 + x * 52, 170 + y * 52, 52, 52, shade(a, 0.85) if (x + y) % 2 else a)
                     for x in range(5) for y in range(5))
    return (p("M150 150 L450 150 L470 460 L130 460 Z", WHITE) + checks
            + s("M140 460 L160 480 M200 460 L210 480 M260 460 L265 480 M340 460 L335 480 M400 460 L390 480 M460 460 L440 480", a, 6))


def jars(a):
    def jar(x, h, fill):
        return (r(x, 460 - h, 110, h, "#dbeafe", 20, ' opacity="0.85"') + r(x + 8, 460 - h * 0.6, 94, h * 0.6 - 8, fill, 14)
                + r(x - 6, 440 - h, 122, 30, "#a16207", 8))
    return jar(150, 220, "#fcd34d") + jar(260, 280, a) + jar(370, 180, "#a3e635")


def kettle(a):
    return (p("M200 450 L230 220 C240 180 360 180 370 220 L400 450 Z", a)
            + s("M370 240 C440 250 440 380 395 400", INK, 22) + p("M230 260 L160 220 L170 250 L215 300 Z", a)
            + r(280, 170, 40, 24, INK, 8) + r(190, 440, 220, 30, INK, 10) + c(300, 400, 10, "#34d399"))


def cutting_board(a):
    return (r(150, 170, 300, 300, "#d6a15f", 30) + r(400, 300, 110, 40, "#d6a15f", 20) + c(480, 320, 10, shade(a, 0.7))
            + s("M190 220 L410 220 M190 270 L410 270 M190 320 L410 320 M190 370 L410 370 M190 420 L410 420", "#b7813f", 4))


def towels(a):
    return (r(150, 360, 300, 90, a, 16) + r(165, 280, 270, 80, WHITE, 16) + r(180, 200, 240, 80, shade(a, 1.4), 16)
            + s("M180 405 L420 405", WHITE, 4, ' stroke-dasharray="12 10"') + s("M190 320 L410 320", a, 4))


def candle(a):
    return (r(210, 250, 180, 210, a, 20) + r(210, 320, 180, 60, WHITE, 0, ' opacity="0.7"')
            + t(300, 362, "SOY", 30, shade(a, 0.55)) + s("M300 250 L300 220", INK, 5)
            + p("M300 140 C330 180 320 215 300 215 C280 215 270 180 300 140 Z", "#f59e0b")
            + p("M300 170 C312 190 310 210 300 210 C290 210 288 190 300 170 Z", "#fde68a"))


# ---- sports & outdoors ----------------------------------------------------------

def shoes(a):
    return (p("M120 410 C120 330 170 300 220 300 L280 260 C300 320 360 340 430 350 C470 356 490 380 490 410 Z", a)
            + r(110, 405, 390, 40, INK, 18) + s("M235 305 L275 330 M250 290 L290 318", WHITE, 7)
            + s("M130 425 L490 425", "#f97316", 6))


def yoga_mat(a):
    return (r(140, 390, 340, 60, a, 30) + c(450, 340, 90, shade(a, 0.8)) + c(450, 340, 64, a) + c(450, 340, 24, shade(a, 0.6))
            + r(140, 280, 310, 150, a, 0) + r(140, 280, 310, 12, shade(a, 1.3)))


def bottle(a):
    return (r(240, 180, 120, 290, a, 40) + r(255, 130, 90, 60, "#9ca3af", 14) + r(270, 110, 60, 30, INK, 10)
            + r(240, 300, 120, 60, WHITE, 0, ' opacity="0.3"') + r(262, 200, 16, 240, WHITE, 8, ' opacity="0.3"'))


def tent(a):
    return (p("M120 450 L300 160 L480 450 Z", a) + p("M300 160 L480 450 L380 450 Z", shade(a, 0.75))
            + p("M300 260 L250 450 L350 450 Z", INK) + s("M300 160 L300 130", INK, 6) + p("M300 130 L340 142 L300 154 Z", "#ef4444"))


def dumbbells(a):
    def bell(y):
        return (r(180, y - 10, 240, 20, "#9ca3af", 8) + r(150, y - 50, 40, 100, a, 10) + r(120, y - 35, 34, 70, shade(a, 0.75), 8)
                + r(410, y - 50, 40, 100, a, 10) + r(446, y - 35, 34, 70, shade(a, 0.75), 8))
    return bell(260) + bell(400)


def backpack(a):
    return (r(190, 170, 220, 300, a, 50) + p("M240 180 C240 110 360 110 360 180", "none", f' stroke="{INK}" stroke-width="16"')
            + r(220, 320, 160, 120, shade(a, 0.8), 26) + r(240, 340, 120, 10, INK, 5) + r(215, 230, 170, 14, INK, 7)
            + c(300, 280, 10, "#fbbf24"))


def helmet(a):
    return (p("M130 380 C130 220 470 220 470 380 Z", a) + r(120, 370, 360, 30, INK, 15)
            + p("M200 270 L240 300 L280 240 L320 300 L360 240 L400 300", "none", f' stroke="{INK}" stroke-width="14" opacity="0.6"')
            + s("M190 400 C210 450 260 460 300 460", INK, 8))


def goggles(a):
    return (s("M140 300 C100 300 100 360 150 360 M460 300 C500 300 500 360 450 360", INK, 12)
            + r(150, 270, 130, 100, a, 46) + r(320, 270, 130, 100, a, 46)
            + r(165, 285, 100, 70, "#0ea5e9", 34) + r(335, 285, 100, 70, "#0ea5e9", 34)
            + s("M280 320 L320 320", a, 16) + c(200, 305, 12, WHITE, ' opacity="0.7"') + c(370, 305, 12, WHITE, ' opacity="0.7"'))


def headlamp(a):
    return (e(300, 320, 200, 90, "none", f' stroke="{a}" stroke-width="30"') + r(230, 260, 140, 110, INK, 26)
            + c(300, 315, 40, "#fde68a") + c(300, 315, 22, WHITE) + p("M300 315 L560 220 L560 410 Z", "#fef9c3", ' opacity="0.5"'))


def bands(a):
    return (e(250, 330, 120, 120, "none", f' stroke="{a}" stroke-width="26"')
            + e(340, 320, 120, 120, "none", f' stroke="{shade(a, 0.7)}" stroke-width="26"')
            + e(300, 380, 130, 70, "none", f' stroke="#fbbf24" stroke-width="26"'))


# ---- toys & games -------------------------------------------------------------------

def blocks(a):
    return (r(150, 340, 120, 120, a, 10) + t(210, 420, "A", 70, WHITE) + r(280, 340, 120, 120, "#fbbf24", 10) + t(340, 420, "B", 70, WHITE)
            + r(215, 210, 120, 120, "#34d399", 10) + t(275, 292, "C", 70, WHITE) + p("M410 460 L480 340 L550 460 Z", "#60a5fa"))


def puzzle(a):
    piece = ("M0 0 L40 0 C40 -25 80 -25 80 0 L120 0 L120 40 C145 40 145 80 120 80 L120 120 L80 120 "
             "C80 95 40 95 40 120 L0 120 L0 80 C25 80 25 40 0 40 Z")
    return (f'<g transform="translate(160 170)">{p(piece, a)}</g>'
            + f'<g transform="translate(310 250) rotate(14)">{p(piece, "#fbbf24")}</g>'
            + f'<g transform="translate(180 320) rotate(-8)">{p(piece, "#34d399")}</g>')


def board_game(a):
    cells = "".join(r(170 + x * 52, 170 + y * 52, 52, 52, a if (x + y) % 2 else WHITE) for x in range(5) for y in range(5))
    return (r(150, 150, 300, 300, INK, 16) + cells + c(248, 300, 18, "#ef4444") + c(352, 248, 18, "#2563eb")
            + r(400, 390, 70, 70, WHITE, 12) + c(420, 410, 7, INK) + c(450, 440, 7, INK))


def rc_car(a):
    return (p("M130 380 L170 300 L260 280 L330 230 L420 240 L470 320 L480 380 Z", a)
            + p("M270 285 L335 245 L405 250 L430 300 Z", "#bfdbfe") + c(210, 400, 48, INK) + c(210, 400, 20, "#9ca3af")
            + c(410, 400, 48, INK) + c(410, 400, 20, "#9ca3af") + s("M420 240 L440 150", INK, 6) + c(440, 148, 8, "#ef4444"))


def bear(a):
    return (c(210, 170, 44, a) + c(390, 170, 44, a) + c(210, 170, 22, shade(a, 1.3)) + c(390, 170, 22, shade(a, 1.3))
            + e(300, 390, 130, 100, a) + c(300, 240, 110, a) + e(300, 280, 48, 36, shade(a, 1.35))
            + c(260, 225, 12, INK) + c(340, 225, 12, INK) + e(300, 265, 16, 11, INK) + e(300, 400, 70, 56, shade(a, 1.35)))


def paints(a):
    pans = "".join(r(185 + k * 80, 240 + (k // 3) * 0, 64, 50, col, 10) for k, col in enumerate(["#ef4444", "#f59e0b", "#10b981"]))
    pans2 = "".join(r(185 + k * 80, 310, 64, 50, col, 10) for k, col in enumerate(["#3b82f6", "#8b5cf6", "#ec4899"]))
    return (r(160, 210, 280, 180, WHITE, 16) + r(160, 210, 280, 180, "none", 16, f' stroke="{a}" stroke-width="8"') + pans + pans2
            + s("M350 440 L470 170", "#d6a15f", 12) + p("M465 180 L490 130 L478 186 Z", INK))


def cards(a):
    return (f'<g transform="rotate(-14 300 330)">{r(180, 190, 170, 240, WHITE, 14)}{r(195, 205, 140, 210, a, 10)}</g>'
            + f'<g transform="rotate(10 300 330)">{r(250, 190, 170, 240, WHITE, 14)}{r(265, 205, 140, 210, "#fbbf24", 10)}'
            + t(335, 330, "★", 80, WHITE) + "</g>")


def marble_run(a):
    return (r(160, 140, 24, 330, "#d6a15f") + r(416, 140, 24, 330, "#d6a15f") + s("M170 190 L430 250", a, 20)
            + s("M430 290 L170 350", "#34d399", 20) + s("M170 390 L430 440", "#60a5fa", 20)
            + c(220, 180, 16, "#ef4444") + c(360, 300, 16, "#fbbf24") + c(260, 392, 16, "#8b5cf6"))


def science_kit(a):
    return (p("M250 150 L250 260 L170 430 C165 445 175 460 190 460 L310 460 C325 460 335 445 330 430 L250 260", "#e0f2fe")
            + p("M205 360 L295 360 L330 430 C335 445 325 460 310 460 L190 460 C175 460 165 445 170 430 Z", a)
            + r(235, 140, 30, 20, INK, 4) + r(360, 220, 60, 240, "#e0f2fe", 28) + r(360, 340, 60, 120, "#a3e635", 28)
            + c(230, 410, 9, WHITE, ' opacity="0.7"') + c(255, 385, 6, WHITE, ' opacity="0.7"'))


def kite(a):
    return (p("M300 110 L420 270 L300 400 L180 270 Z", a) + p("M300 110 L420 270 L300 270 Z", shade(a, 0.8))
            + p("M180 270 L300 270 L300 400 Z", shade(a, 0.8)) + s("M300 400 C280 440 340 450 320 500", INK, 4)
            + p("M290 430 L310 420 L305 440 Z", "#fbbf24") + p("M318 470 L338 462 L330 482 Z", "#fbbf24"))


# ---- fashion ---------------------------------------------------------------------------

def top(a, collar, detail=""):
    return (p("M230 150 L370 150 L470 210 L430 300 L390 280 L390 460 L210 460 L210 280 L170 300 L130 210 Z", a)
            + collar + detail)


def sweater(a):
    rib = s("M215 440 L385 440", shade(a, 0.75), 16)
    return top(a, p("M250 150 C260 195 340 195 350 150 Z", shade(a, 0.75)),
               rib + s("M240 260 L360 260 M240 300 L360 300", shade(a, 0.85), 6, ' stroke-dasharray="14 10"'))


def tshirt(a):
    return (p("M230 150 L370 150 L470 210 L430 280 L390 260 L390 460 L210 460 L210 260 L170 280 L130 210 Z", a)
            + p("M260 150 C270 185 330 185 340 150 Z", shade(a, 0.8)) + c(300, 290, 34, WHITE, ' opacity="0.5"'))


def jeans(a):
    return (p("M210 140 L390 140 L410 470 L320 470 L300 260 L280 470 L190 470 Z", a) + r(210, 140, 180, 30, shade(a, 0.8))
            + s("M230 180 C240 220 270 220 280 180 M370 180 C360 220 330 220 320 180", "#fbbf24", 3)
            + s("M300 170 L300 250", shade(a, 0.7), 4))


def rain_jacket(a):
    return top(a, p("M240 150 C240 100 360 100 360 150 L330 170 L270 170 Z", shade(a, 0.8)),
               s("M300 170 L300 460", INK, 5) + r(230, 330, 50, 10, shade(a, 0.7), 5) + r(320, 330, 50, 10, shade(a, 0.7), 5))


def belt(a):
    return (s("M110 330 C110 230 490 230 490 330 C490 430 110 430 110 330", a, 40)
            + r(260, 390, 80, 60, "none", 10, ' stroke="#d4d4d8" stroke-width="12"') + s("M300 400 L300 440", "#d4d4d8", 10))


def scarf(a):
    stripes = "".join(r(250, 200 + k * 50, 100, 18, WHITE, 0, ' opacity="0.5"') for k in range(5))
    return (p("M180 170 C250 230 350 230 420 170 L420 220 C350 280 250 280 180 220 Z", a)
            + r(250, 200, 100, 260, a) + stripes + s("M255 460 L255 490 M275 460 L275 490 M295 460 L295 490 M315 460 L315 490 M335 460 L335 490", a, 6))


def sneakers(a):
    return (p("M120 420 C120 360 150 330 200 320 L250 290 C280 310 320 330 400 340 C460 348 490 380 490 420 Z", a)
            + r(110, 410, 390, 40, WHITE, 18) + r(110, 410, 390, 40, "none", 18, ' stroke="#d1d5db" stroke-width="4"')
            + s("M240 310 L270 330 M260 296 L290 320 M280 290 L305 312", WHITE, 6) + p("M120 420 C130 370 160 350 190 345 L190 410 Z", shade(a, 0.8)))


def linen_shirt(a):
    return top(a, p("M255 150 L300 200 L345 150 L320 145 L300 170 L280 145 Z", WHITE),
               s("M300 200 L300 460", shade(a, 0.8), 4) + "".join(c(300, 240 + k * 50, 6, WHITE) for k in range(4))
               + r(320, 230, 46, 40, shade(a, 0.9), 6))


def vest(a):
    return (p("M230 150 L280 150 L300 190 L320 150 L370 150 L400 240 L390 460 L210 460 L200 240 Z", a)
            + s("M215 260 L385 260 M212 320 L388 320 M210 380 L390 380", shade(a, 0.8), 6) + s("M300 190 L300 460", INK, 5))


def beanie(a):
    return (p("M160 380 C160 200 440 200 440 380 Z", a) + r(150, 360, 300, 80, shade(a, 0.8), 20)
            + c(300, 190, 40, shade(a, 1.4)) + s("M190 380 L190 430 M230 380 L230 430 M270 380 L270 430 M310 380 L310 430 M350 380 L350 430 M390 380 L390 430", shade(a, 0.65), 5))


# ---- beauty -----------------------------------------------------------------------------

def cream(a):
    return (r(190, 300, 220, 150, a, 26) + r(180, 250, 240, 60, shade(a, 0.7), 18) + r(210, 350, 180, 50, WHITE, 10, ' opacity="0.75"')
            + t(300, 386, "HYDRA", 26, shade(a, 0.55)))


def serum(a):
    return (r(240, 250, 120, 210, "#fdba74", 24, ' opacity="0.9"') + r(250, 300, 100, 150, a, 18)
            + r(270, 190, 60, 64, INK, 10) + e(300, 160, 34, 40, INK) + t(300, 385, "C", 54, WHITE))


def lip_balm(a):
    return (r(250, 230, 100, 230, a, 14) + r(250, 320, 100, 40, WHITE, 0, ' opacity="0.5"')
            + r(262, 150, 76, 90, "#fca5a5", 12) + p("M262 160 C262 110 338 120 338 150 L338 170 L262 170 Z", "#f87171"))


def hair_oil(a):
    return (p("M240 260 C240 220 360 220 360 260 L360 440 C360 455 350 465 335 465 L265 465 C250 465 240 455 240 440 Z", a, ' opacity="0.9"')
            + r(275, 180, 50, 50, shade(a, 0.6)) + r(265, 120, 70, 70, INK, 14) + r(255, 320, 90, 80, WHITE, 8, ' opacity="0.8"')
            + p("M300 335 C315 355 315 380 300 380 C285 380 285 355 300 335 Z", "#d97706"))


def clay_mask(a):
    return (r(180, 280, 240, 170, WHITE, 30) + r(170, 240, 260, 60, a, 20) + e(300, 365, 80, 40, shade(a, 1.3))
            + s("M430 200 L500 130", "#d6a15f", 14) + e(420, 212, 26, 14, shade(a, 1.3)))


def lotion(a):
    return (r(220, 240, 160, 230, a, 40) + r(270, 190, 60, 60, WHITE) + r(270, 150, 110, 40, WHITE, 10) + r(360, 160, 40, 14, WHITE, 6)
            + r(250, 320, 100, 80, WHITE, 10, ' opacity="0.8"') + e(300, 360, 16, 28, "#a78bfa"))


def sunscreen(a):
    return (p("M230 170 L370 170 L390 420 L210 420 Z", a) + r(200, 410, 200, 60, shade(a, 0.7), 16)
            + c(300, 260, 44, "#fbbf24") + t(300, 360, "SPF 50", 34, WHITE))


def hair_brush(a):
    bristles = "".join(c(260 + (k % 4) * 28, 190 + (k // 4) * 28, 6, INK) for k in range(16))
    return (e(300, 230, 90, 100, "#d6a15f") + e(300, 230, 70, 80, a) + bristles + r(280, 320, 40, 160, "#d6a15f", 20))


def toner(a):
    return (r(230, 220, 140, 250, "#fce7f3", 30, ' opacity="0.95"') + r(230, 320, 140, 150, a, 30, ' opacity="0.85"')
            + r(260, 160, 80, 60, INK, 12) + p("M300 260 C330 260 340 300 300 330 C260 300 270 260 300 260 Z", "#f472b6"))


def soap(a):
    return (r(170, 280, 260, 150, a, 40) + r(170, 280, 260, 40, shade(a, 1.3), 30) + t(300, 385, "SHEA", 44, shade(a, 0.6))
            + c(200, 240, 20, WHITE, ' opacity="0.8"') + c(240, 210, 12, WHITE, ' opacity="0.8"') + c(420, 240, 16, WHITE, ' opacity="0.8"'))


CATEGORIES = [
    ("electronics", "#e0e7ff", ["#4f46e5", "#0f766e", "#64748b"], [
        ("Wireless Headphones", headphones), ("Bluetooth Speaker", speaker), ("USB-C Fast Charger", charger),
        ("Mechanical Keyboard", keyboard), ("Ergonomic Mouse", mouse), ("27-inch 4K Monitor", monitor),
        ("Fitness Smartwatch", smartwatch), ("Action Camera", camera), ("20000 mAh Power Bank", powerbank),
        ("Noise-Cancelling Earbuds", earbuds)]),
    ("books", "#fef3c7", ["#b45309", "#1d4ed8", "#047857", "#9f1239"], [
        ("Systems Programming in Practice", book_code), ("The Quiet Lighthouse", book_lighthouse),
        ("Cooking with Seasons", book_cooking), ("A Short History of Maps", book_maps),
        ("Designing Data Services", book_data), ("The Garden Almanac", book_garden),
        ("Midnight on the Canal", book_canal), ("Everyday Statistics", book_stats),
        ("Mountains and Men", book_mountains), ("Learning to Draw", book_draw)]),
    ("home-kitchen", "#fce7f3", ["#db2777", "#0d9488", "#ea580c"], [
        ("Cast Iron Skillet", skillet), ("French Press Coffee Maker", french_press), ("Ceramic Dinner Plates", plates),
        ("Chef's Knife", knife), ("Linen Tablecloth", tablecloth), ("Glass Storage Jars", jars),
        ("Electric Kettle", kettle), ("Bamboo Cutting Board", cutting_board), ("Cotton Bath Towels", towels),
        ("Scented Soy Candle", candle)]),
    ("sports-outdoors", "#dcfce7", ["#16a34a", "#2563eb", "#ea580c"], [
        ("Trail Running Shoes", shoes), ("Yoga Mat", yoga_mat), ("Insulated Water Bottle", bottle),
        ("Two-Person Tent", tent), ("Adjustable Dumbbells", dumbbells), ("Hiking Backpack 30L", backpack),
        ("Cycling Helmet", helmet), ("Swim Goggles", goggles), ("Camping Headlamp", headlamp),
        ("Resistance Bands Set", bands)]),
    ("toys-games", "#fee2e2", ["#dc2626", "#7c3aed", "#0891b2"], [
        ("Wooden Building Blocks", blocks), ("1000-Piece Jigsaw Puzzle", puzzle), ("Strategy Board Game", board_game),
        ("Remote Control Car", rc_car), ("Plush Bear", bear), ("Watercolor Paint Set", paints),
        ("Card Game for Families", cards), ("Marble Run", marble_run), ("Kids Science Kit", science_kit),
        ("Stunt Kite", kite)]),
    ("fashion", "#f1f5f9", ["#334155", "#b91c1c", "#0369a1", "#a16207"], [
        ("Merino Wool Sweater", sweater), ("Organic Cotton T-Shirt", tshirt), ("Slim Fit Jeans", jeans),
        ("Rain Jacket", rain_jacket), ("Leather Belt", belt), ("Wool Scarf", scarf), ("Canvas Sneakers", sneakers),
        ("Linen Shirt", linen_shirt), ("Puffer Vest", vest), ("Knit Beanie", beanie)]),
    ("beauty", "#fae8ff", ["#a21caf", "#0d9488", "#e11d48"], [
        ("Hydrating Face Cream", cream), ("Vitamin C Serum", serum), ("Natural Lip Balm", lip_balm),
        ("Argan Hair Oil", hair_oil), ("Clay Face Mask", clay_mask), ("Lavender Body Lotion", lotion),
        ("Mineral Sunscreen SPF 50", sunscreen), ("Bamboo Hair Brush", hair_brush), ("Rose Water Toner", toner),
        ("Shea Butter Soap", soap)]),
]

if __name__ == "__main__":
    main()
