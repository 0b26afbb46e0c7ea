"""Charts drawn on the server as SVG: readable without JavaScript, in print and by screen readers.

Each chart sits beside the table of the same figures (the table is the accessible version; the
SVG carries a title and a description). Colours are one ink with a text label on every bar, so a
black-and-white print loses nothing.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1f5f8b"
MUTED = "#6c757d"


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float | Decimal) and value != int(value):
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return number_format(int(value), use_l10n=True, force_grouping=True)


def _numeric(value) -> float:
    return float(value) if value is not None else 0.0


def bar_chart(rows: Sequence[tuple[str, object]], *, title: str, width: int = 560) -> SafeString:
    """Horizontal bars, one per (label, value); None (a suppressed cell) is drawn as a dash."""
    bar_height, gap, label_width, value_width = 22, 6, 180, 90
    height = max(1, len(rows)) * (bar_height + gap) + gap
    plot = width - label_width - value_width
    top = max((_numeric(v) for _label, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = plot * _numeric(value) / top
        text_y = y + bar_height * 0.7
        parts.append(
            f'<text x="{label_width - 6}" y="{text_y:.1f}" text-anchor="end" '
            f'font-size="13">{escape(str(label)[:28])}</text>'
        )
        if value is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                f'fill="{INK}"></rect>'
            )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{text_y:.1f}" font-size="13" '
            f'fill="{MUTED if value is None else "#000"}">{escape(_fmt(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def column_chart(
    points: Sequence[tuple[str, object]], *, title: str, width: int = 640, height: int = 240
) -> SafeString:
    """Vertical columns for a series over time (months, years), with the first and last labels."""
    left, bottom, top_pad = 8, 36, 18
    n = max(1, len(points))
    plot_w, plot_h = width - 2 * left, height - bottom - top_pad
    step = plot_w / n
    top = max((_numeric(v) for _x, v in points), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
        f'stroke="{MUTED}"></line>',
    ]
    label_every = max(1, n // 8)
    for i, (x_label, value) in enumerate(points):
        x = left + i * step
        h = plot_h * _numeric(value) / top
        y = height - bottom - h
        if value is not None:
            parts.append(
                f'<rect x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" '
                f'height="{h:.1f}" fill="{INK}"><title>{escape(str(x_label))}: '
                f"{escape(_fmt(value))}</title></rect>"
            )
        if i % label_every == 0 or i == n - 1:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                f'text-anchor="middle">{escape(str(x_label))}</text>'
            )
    parts.append(
        f'<text x="{left}" y="{top_pad - 4}" font-size="11" fill="{MUTED}">'
        f"max {escape(_fmt(top))}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()
