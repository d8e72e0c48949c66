"""Attention over time as an inline SVG line chart, drawn on the server.

Every coordinate is computed here, in the SVG's own units; the template only draws. Lines
differ by colour and by dash pattern (so they stay apart in print and for colour-blind
readers), the y axis has three labelled ticks, the x axis the first, middle and last
periods. The same values are in a table beside the chart. A point with articles opens
them: its dot (when the points are few enough to draw dots) and its cell in the table
link to the search for that line's outlet or query in that period (`link`, from the view).
"""
import math
from dataclasses import dataclass

from ..text.dates import MONTHS, day_label
from ..types import Attention

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 10, 26      # room for the axis labels
DOT_UP_TO = 60                                  # points shown as dots too, when few
DASHES = ("", "6 3", "2 3", "10 3 2 3", "1 5", "4 2 1 2")   # all outlets + five


@dataclass(frozen=True)
class Tick:
    position: float       # x or y in SVG units
    label: str


@dataclass(frozen=True)
class Line:
    label: str
    total: int
    css: str              # "series-N": its colour (site.css, light and dark)
    dash: str
    segments: list        # ["x,y x,y ..."], split where a share is unknown
    dots: list            # [Dot]
    outlet: str | None = None    # None: every outlet the request allows


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    title: str
    url: str              # the search for its articles, "" when it has none


@dataclass(frozen=True)
class Cell:
    text: str
    url: str              # as Dot.url


@dataclass(frozen=True)
class Row:
    label: str
    values: list          # one Cell per line


@dataclass(frozen=True)
class Chart:
    caption: str
    summary: str          # the chart in one sentence, for its accessible name
    lines: list
    x_ticks: list
    y_ticks: list
    rows: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: int = WIDTH - RIGHT


def period_label(point, interval):
    if interval == "month":
        return f"{MONTHS[point.start.month - 1]} {point.start.year}"
    if interval == "week":
        return f"week of {day_label(point.start)}"
    return day_label(point.start)


def value_text(value, share):
    if value is None:
        return "–"
    return f"{value * 100:.1f}%" if share else str(value)


def nice_top(highest, share):
    """A round top for the y axis, at or above the highest value: 1, 2 or 5 times a power
    of ten for counts, a multiple of 5% (or 10%) for shares."""
    if share:
        step = 0.05 if highest <= 0.5 else 0.1
        return min(1.0, max(1, math.ceil(highest / step)) * step)
    if highest <= 2:
        return 2
    magnitude = 10 ** math.floor(math.log10(highest))
    return next(m * magnitude for m in (1, 2, 5, 10) if highest <= m * magnitude)


def no_link(series, point):
    return ""


def build(result: Attention, link=no_link) -> Chart | None:
    """The chart of `result`; `link(series, point)` is the URL of a point's articles."""
    if not result.series or not result.series[0].points:
        return None
    share = result.normalize == "share"
    values = [[p.share if share else p.count for p in s.points] for s in result.series]
    top = nice_top(max((v for vs in values for v in vs if v is not None), default=0), share)
    count = len(result.series[0].points)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    x = [round(LEFT + i * step if count > 1 else (LEFT + WIDTH - RIGHT) / 2, 2)
         for i in range(count)]

    def y(value):
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top), 2)

    points = result.series[0].points
    lines = [draw(n, s, vs, x, y, share, result.interval, link)
             for n, (s, vs) in enumerate(zip(result.series, values))]
    middle = count // 2
    x_ticks = [Tick(x[i], period_label(points[i], result.interval))
               for i in sorted({0, middle, count - 1})]
    y_ticks = [Tick(y(v), value_text(v, share)) for v in (0, top / 2, top)]
    if not share:
        y_ticks = [Tick(y(v), str(int(v))) for v in (0, top / 2, top) if v == int(v)]
    rows = [Row(period_label(p, result.interval),
                [Cell(value_text(vs[i], share), point_link(s, s.points[i], link))
                 for s, vs in zip(result.series, values)])
            for i, p in enumerate(points)]
    unit = "share of each outlet's articles" if share else "matching articles"
    caption = f"Attention by {result.interval}: {unit}"
    summary = (f"{caption}, {period_label(points[0], result.interval)} to "
               f"{period_label(points[-1], result.interval)}; "
               + "; ".join(f"{line.label}: {line.total} articles" for line in lines))
    return Chart(caption, summary, lines, x_ticks, y_ticks, rows)


def point_link(series, point, link):
    return link(series, point) if point.count else ""


def dotted(values):
    """Which points get a dot (each opens its articles): all of them when few, else those
    with articles, when those are few."""
    if len(values) <= DOT_UP_TO:
        return set(range(len(values)))
    counted = {i for i, value in enumerate(values) if value}
    return counted if len(counted) <= DOT_UP_TO else set()


def draw(n, series, values, x, y, share, interval, link=no_link):
    segments, current, dots = [], [], []
    with_dots = dotted(values)
    for i, value in enumerate(values):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        current.append(f"{x[i]},{y(value)}")
        if i in with_dots:
            point = series.points[i]
            dots.append(Dot(x[i], y(value), f"{series.label}, {period_label(point, interval)}:"
                            f" {value_text(value, share)}", point_link(series, point, link)))
    if current:
        segments.append(" ".join(current))
    return Line(series.label, series.total, f"series-{n % len(DASHES)}",
                DASHES[n % len(DASHES)], segments, dots, series.outlet)
