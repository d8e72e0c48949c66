"""The date facet as bars for an inline SVG chart, drawn on the server.

Each bucket (a month or a year, empty ones included) becomes a bar with its geometry in the
SVG's own units, a label a person reads ("Aug 2024"), and the link that narrows the search to
that period. The template only draws what is computed here.
"""
from dataclasses import dataclass

from ..text.dates import MONTHS
from ..types import DateBucket, Facets, SearchRequest
from . import page_urls

WIDTH = 300
HEIGHT = 80
MIN_BAR = 2        # a bucket with one article stays visible beside one with hundreds
EMPTY_BAR = 0.75   # empty buckets show as a thin line on the baseline
MAX_BAR_WIDTH = 40  # a chart of one or two buckets keeps bars, not blocks


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    url: str          # "" for an empty bucket: narrowing to it would find nothing
    selected: bool
    slot_x: float     # the whole slot, clickable, so a thin bar is still easy to hit
    slot_width: float


@dataclass(frozen=True)
class Histogram:
    caption: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    undated: int = 0           # articles with no known date: a bucket beside the chart
    undated_url: str = ""      # narrows to them ("" when they are already chosen)

    @property
    def first_label(self):
        return self.bars[0].label if self.bars else ""

    @property
    def last_label(self):
        return self.bars[-1].label if self.bars else ""


def bucket_label(bucket: DateBucket) -> str:
    if len(bucket.bucket) == 4:
        return bucket.bucket
    return f"{MONTHS[bucket.start.month - 1]} {bucket.start.year}"


def build(facets: Facets | None, req: SearchRequest) -> Histogram | None:
    if not facets or not (facets.published or facets.undated):
        return None
    unit = "month" if facets.granularity == "month" else "year"
    return Histogram(caption=f"Articles by {unit}", bars=bars_of(facets.published, req),
                     undated=facets.undated,
                     undated_url="" if req.undated else page_urls.undated(req))


def bars_of(buckets: list[DateBucket], req: SearchRequest) -> list[Bar]:
    if not buckets:
        return []
    slot = WIDTH / len(buckets)
    bar_width = min(slot * 0.8, MAX_BAR_WIDTH)
    tallest = max(b.count for b in buckets) or 1
    bars = []
    for i, bucket in enumerate(buckets):
        if bucket.count:
            height = max(MIN_BAR, HEIGHT * bucket.count / tallest)
        else:
            height = EMPTY_BAR
        bars.append(Bar(
            label=bucket_label(bucket),
            count=bucket.count,
            x=round(i * slot + (slot - bar_width) / 2, 2),
            y=round(HEIGHT - height, 2),
            width=round(bar_width, 2),
            height=round(height, 2),
            url=page_urls.period(req, bucket.start, bucket.end) if bucket.count else "",
            selected=(req.date_from, req.date_to) == (bucket.start, bucket.end),
            slot_x=round(i * slot, 2),
            slot_width=round(slot, 2),
        ))
    return bars
