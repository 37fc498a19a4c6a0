"""A server-rendered SVG bar chart: no JavaScript, and the same figures stand in a table beside it."""

from django.utils import formats

WIDTH = 640
HEIGHT = 260
MARGIN_LEFT = 40
MARGIN_BOTTOM = 40
MARGIN_TOP = 16


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``value`` (a round axis maximum)."""
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= value:
                return step * power
        power *= 10


def month_bar_chart(months: list[dict]) -> dict:
    """Bar geometry for answers per month, stacked on time (below) and late (on top)."""
    peak = max([m["on_time"] + m["late"] for m in months] + [1])
    scale_max = nice_ceiling(peak)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / max(len(months), 1)
    bar_width = slot * 0.6
    bars = []
    for index, month in enumerate(months):
        x = MARGIN_LEFT + index * slot + (slot - bar_width) / 2
        on_time_h = plot_height * month["on_time"] / scale_max
        late_h = plot_height * month["late"] / scale_max
        base = HEIGHT - MARGIN_BOTTOM
        bars.append(
            {
                "x": round(x, 1),
                "width": round(bar_width, 1),
                "on_time_y": round(base - on_time_h, 1),
                "on_time_height": round(on_time_h, 1),
                "late_y": round(base - on_time_h - late_h, 1),
                "late_height": round(late_h, 1),
                "label_x": round(x + bar_width / 2, 1),
                "label": formats.date_format(month["start"], "M"),
                "month": month,
            }
        )
    ticks = []
    for fraction in (0, 0.5, 1):
        value = scale_max * fraction
        if value == int(value):
            y = HEIGHT - MARGIN_BOTTOM - plot_height * fraction
            ticks.append({"value": int(value), "y": round(y, 1), "text_y": round(y + 5, 1)})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "ticks": ticks,
        "axis_x": MARGIN_LEFT,
        "axis_y": HEIGHT - MARGIN_BOTTOM,
        "label_y": HEIGHT - MARGIN_BOTTOM + 22,
    }
