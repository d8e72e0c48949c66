"""Dates as people read them, at the precision they are known: '14 Aug 2024', 'Aug 2024', '2024'."""
from datetime import date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def published_label(published: date | None, precision: str) -> str:
    if not published:
        return ""
    if precision == "year":
        return str(published.year)
    if precision == "month":
        return f"{MONTHS[published.month - 1]} {published.year}"
    return day_label(published)


def published_iso(published: date | None, precision: str) -> str:
    """The machine-readable form for <time datetime>: 2024, 2024-08 or 2024-08-14."""
    if not published:
        return ""
    if precision == "year":
        return f"{published.year:04d}"
    if precision == "month":
        return f"{published.year:04d}-{published.month:02d}"
    return published.isoformat()


def last_day_of_month(d: date) -> date:
    following = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def period_label(start: date | None, end: date | None) -> str:
    """'2024', 'Aug 2024', or the days, for a date filter."""
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) \
            and start.year == end.year:
        return str(start.year)
    if start and end and start.day == 1 and (start.year, start.month) == (end.year, end.month) \
            and end == last_day_of_month(end):
        return f"{MONTHS[start.month - 1]} {start.year}"
    if start and end:
        return f"{day_label(start)} – {day_label(end)}"
    return f"from {day_label(start)}" if start else f"until {day_label(end)}"
