"""Server-rendered SVG geometry for the results page: no JavaScript, no CDN.

Each chart stands beside a table with the same figures (the table is the text alternative), so the
geometry here only needs to be right, not to carry every label.
"""

from .selectors import DayCount, LineFigures

LABEL_WIDTH = 230
BAR_WIDTH = 300
ROW_HEIGHT = 24
# The colours of the scale points, from worst to best (diverging: red -> grey -> blue), colour-blind safe.
NEGATIVE_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7")
POSITIVE_COLOURS = ("#d1e5f0", "#67a9cf", "#2166ac")
NEUTRAL_COLOUR = "#d9d9d9"


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(line: LineFigures) -> dict | None:
    """Horizontal bars, one per on-scale option with a shown percentage."""
    rows = []
    for index, option in enumerate(o for o in line.options if not o.is_off_scale):
        percent = option.percent or 0
        rows.append(
            {
                "label": _short(option.label),
                "y": index * ROW_HEIGHT,
                "text_y": index * ROW_HEIGHT + 16,
                "width": round(BAR_WIDTH * percent / 100, 1),
                "value_x": round(LABEL_WIDTH + BAR_WIDTH * percent / 100 + 6, 1),
                "value": "–" if option.percent is None else f"{option.percent:.0f}%",
            }
        )
    if not rows:
        return None
    return {
        "width": LABEL_WIDTH + BAR_WIDTH + 50,
        "height": len(rows) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_height": ROW_HEIGHT - 6,
        "rows": rows,
    }


def _colours(points: int) -> list[str]:
    """``points`` colours from worst to best, with grey in the middle of an odd scale."""
    half = points // 2
    negative = (
        list(NEGATIVE_COLOURS[-half:]) if half <= 3 else [NEGATIVE_COLOURS[0]] * (half - 3) + list(NEGATIVE_COLOURS)
    )
    positive = (
        list(POSITIVE_COLOURS[:half]) if half <= 3 else list(POSITIVE_COLOURS) + [POSITIVE_COLOURS[-1]] * (half - 3)
    )
    return negative + ([NEUTRAL_COLOUR] if points % 2 else []) + positive


def diverging_chart(statements: list[LineFigures]) -> dict | None:
    """A diverging stacked bar per matrix statement: the worse points left of the centre, the better right.

    Points are ordered by score; on an odd scale the middle point straddles the centre.
    """
    if not statements:
        return None
    half_width = BAR_WIDTH / 2
    centre = LABEL_WIDTH + half_width
    legend = []
    rows = []
    for index, line in enumerate(statements):
        points = sorted((o for o in line.options if not o.is_off_scale and o.score is not None), key=lambda o: o.score)
        colours = _colours(len(points))
        if index == 0:
            legend = [{"label": o.label, "colour": c} for o, c in zip(points, colours, strict=True)]
        widths = [half_width * (o.percent or 0) / 100 for o in points]
        middle = len(points) // 2
        left_total = sum(widths[:middle]) + (widths[middle] / 2 if len(points) % 2 else 0)
        x = centre - left_total
        segments = []
        for option, width, colour in zip(points, widths, colours, strict=True):
            segments.append({"x": round(x, 1), "width": round(width, 1), "colour": colour, "label": option.label})
            x += width
        rows.append(
            {
                "label": _short(line.text),
                "y": index * ROW_HEIGHT,
                "text_y": index * ROW_HEIGHT + 16,
                "segments": [] if line.hidden else segments,
            }
        )
    return {
        "width": LABEL_WIDTH + BAR_WIDTH + 20,
        "height": len(rows) * ROW_HEIGHT,
        "centre": centre,
        "bar_height": ROW_HEIGHT - 6,
        "rows": rows,
        "legend": legend,
    }


def day_chart(days: list[DayCount]) -> dict | None:
    """A small column chart of responses per day."""
    if not days:
        return None
    width, height = 320, 60
    peak = max([day.n or 0 for day in days] + [1])
    slot = width / len(days)
    bars = []
    for index, day in enumerate(days):
        bar_height = round((height - 4) * (day.n or 0) / peak, 1)
        bars.append(
            {
                "x": round(index * slot + slot * 0.1, 1),
                "width": round(max(slot * 0.8, 1), 1),
                "y": round(height - bar_height, 1),
                "height": bar_height,
                "day": day,
            }
        )
    return {"width": width, "height": height, "bars": bars}
