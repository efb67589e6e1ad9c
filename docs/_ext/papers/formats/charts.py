"""The list's numbers as figures: SVG charts drawn from the data, each with a table of the same numbers.

Four figures: papers per year stacked by venue kind, the share of papers with code
per year, the top venues and the top tags. Each SVG has a title and a description
for screen readers; colours are CSS classes, so the charts follow the theme, light
or dark. No charting library, no CDN.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..data.kinds import KINDS, UNPUBLISHED, kind_of
from ..data.model import Catalog

#: The kinds in the order the stacked chart draws them: every venue kind, then papers with no venue.
STACKED_KINDS = (*KINDS.values(), UNPUBLISHED)
TOP = 10


def kind_label(key: str) -> str:
    kind = KINDS.get(key, UNPUBLISHED)
    return kind.label[:1].upper() + kind.label[1:]


def figures(catalog: Catalog) -> list[dict]:
    """The numbers behind each figure: ``{"id", "title", "description", "header", "rows", "chart"}``."""
    years = sorted({p.year for p in catalog.papers})
    kinds = Counter((p.year, kind_of(catalog.venues[p.venue] if p.venue else None).key) for p in catalog.papers)
    per_year = Counter(p.year for p in catalog.papers)
    with_code = Counter(p.year for p in catalog.papers if p.code)
    venues = Counter(p.venue for p in catalog.papers if p.venue).most_common(TOP)
    tags = Counter(t for p in catalog.papers for t in p.tags).most_common(TOP)
    shown_kinds = [k.key for k in STACKED_KINDS if any(kinds[(y, k.key)] for y in years)]
    busiest = max(years, key=lambda y: (per_year[y], y)) if years else None
    total_code = sum(with_code.values())
    return [
        {"id": "papers-per-year", "title": "Papers per year, by kind of venue",
         "description": (f"{len(catalog.papers)} papers from {years[0]} to {years[-1]}; the most, "
                         f"{per_year[busiest]}, in {busiest}." if years else "No papers yet."),
         "header": ["Year", *(kind_label(k) for k in shown_kinds), "All"],
         "rows": [[y, *(kinds[(y, k)] for k in shown_kinds), per_year[y]] for y in years],
         "chart": "stacked", "kinds": shown_kinds},
        {"id": "code-per-year", "title": "Share of papers with code, per year",
         "description": (f"{total_code} of {len(catalog.papers)} papers link their code "
                         f"({round(100 * total_code / len(catalog.papers)) if catalog.papers else 0}%)."),
         "header": ["Year", "With code", "Papers", "Share"],
         "rows": [[y, with_code[y], per_year[y], f"{round(100 * with_code[y] / per_year[y])}%"] for y in years],
         "chart": "share"},
        {"id": "top-venues", "title": f"Top {len(venues)} venues",
         "description": ", ".join(f"{k}: {n}" for k, n in venues[:3]) + (", …" if len(venues) > 3 else "") + ".",
         "header": ["Venue", "Full name", "Papers"],
         "rows": [[k, catalog.venues[k].name, n] for k, n in venues], "chart": "bars"},
        {"id": "top-tags", "title": f"Top {len(tags)} tags",
         "description": ", ".join(f"{k}: {n}" for k, n in tags[:3]) + (", …" if len(tags) > 3 else "") + ".",
         "header": ["Tag", "Group", "Papers"],
         "rows": [[k, catalog.tags[k].group, n] for k, n in tags], "chart": "bars"},
    ]


W, H = 640, 300  # the viewBox; the figure scales to the page's width
LEFT, RIGHT, TOP_PAD, BOTTOM = 48, 16, 16, 40


def _axis(max_value: int, height: int) -> tuple[int, list[int]]:
    """A round top for the axis and its gridline values."""
    step = max(1, 10 ** (len(str(max(1, max_value))) - 1))
    while max_value / step > 5:
        step *= 2
    top = ((max_value + step - 1) // step) * step or step
    return top, list(range(0, top + 1, step))


def _svg(figure: dict, body: str) -> str:
    fid = figure["id"]
    return (f'<svg class="papers-chart" viewBox="0 0 {W} {H}" role="img" '
            f'aria-labelledby="{fid}-title {fid}-desc"><title id="{fid}-title">{escape(figure["title"])}</title>'
            f'<desc id="{fid}-desc">{escape(figure["description"])}</desc>{body}</svg>')


def _gridlines(top: int, ticks: list[int], plot_h: int, suffix: str = "") -> str:
    out = []
    for value in ticks:
        y = TOP_PAD + plot_h - plot_h * value / top
        out.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}{suffix}</text>')
    return "".join(out)


def stacked_svg(figure: dict) -> str:
    rows, kinds = figure["rows"], figure["kinds"]
    plot_h, plot_w = H - TOP_PAD - BOTTOM, W - LEFT - RIGHT
    top, ticks = _axis(max((r[-1] for r in rows), default=1), plot_h)
    band = plot_w / max(1, len(rows))
    out = [_gridlines(top, ticks, plot_h)]
    for index, row in enumerate(rows):
        x, y = LEFT + index * band + band * 0.15, TOP_PAD + plot_h
        for kind, count in zip(kinds, row[1:-1], strict=True):
            h = plot_h * count / top
            if h:
                y -= h
                out.append(f'<rect class="k-{kind}" x="{x:.1f}" y="{y:.1f}" width="{band * 0.7:.1f}" height="{h:.1f}">'
                           f"<title>{row[0]}: {count} {kind_label(kind).lower()}</title></rect>")
        out.append(f'<text class="tick" x="{x + band * 0.35:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">'
                   f"{row[0]}</text>")
    legend_x = LEFT
    for kind in kinds:
        out.append(f'<rect class="k-{kind}" x="{legend_x}" y="{H - 14}" width="10" height="10"/>'
                   f'<text class="tick" x="{legend_x + 14}" y="{H - 5}">{kind_label(kind)}</text>')
        legend_x += 24 + 7 * len(kind_label(kind))
    return _svg(figure, "".join(out))


def share_svg(figure: dict) -> str:
    rows = figure["rows"]
    plot_h, plot_w = H - TOP_PAD - BOTTOM, W - LEFT - RIGHT
    band = plot_w / max(1, len(rows))
    out = [_gridlines(100, [0, 25, 50, 75, 100], plot_h, "%")]
    for index, (year, code, papers, share) in enumerate(rows):
        x = LEFT + index * band + band * 0.15
        h = plot_h * code / papers if papers else 0
        y = TOP_PAD + plot_h - h
        out.append(f'<rect class="share" x="{x:.1f}" y="{y:.1f}" width="{band * 0.7:.1f}" height="{h:.1f}">'
                   f"<title>{year}: {code} of {papers} with code ({share})</title></rect>"
                   f'<text class="value" x="{x + band * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle">{share}</text>'
                   f'<text class="tick" x="{x + band * 0.35:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">'
                   f"{year}</text>")
    return _svg(figure, "".join(out))


def bars_svg(figure: dict) -> str:
    rows = figure["rows"]
    label_w, bar_h = 170, 22
    height = TOP_PAD + len(rows) * (bar_h + 6) + 8
    most = max((r[-1] for r in rows), default=1)
    out = []
    for index, row in enumerate(rows):
        y = TOP_PAD + index * (bar_h + 6)
        w = (W - label_w - 60) * row[-1] / most
        out.append(f'<text class="tick" x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">'
                   f"{escape(str(row[0]))}</text>"
                   f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}">'
                   f"<title>{escape(str(row[0]))}: {row[-1]}</title></rect>"
                   f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}">{row[-1]}</text>')
    svg = _svg(figure, "".join(out))
    return svg.replace(f'viewBox="0 0 {W} {H}"', f'viewBox="0 0 {W} {height}"', 1)


CHARTS = {"stacked": stacked_svg, "share": share_svg, "bars": bars_svg}


def table_html(figure: dict) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in figure["header"])
    body = "".join(
        "<tr>" + "".join((f'<th scope="row">{escape(str(c))}</th>' if i == 0 else f"<td>{escape(str(c))}</td>")
                         for i, c in enumerate(row)) + "</tr>"
        for row in figure["rows"])
    return (f'<table class="docutils papers-numbers" aria-describedby="{figure["id"]}-caption">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def figure_html(figure: dict) -> str:
    """A figure's section: its heading, chart, caption and table."""
    return (f'<section class="papers-figure" id="{figure["id"]}"><h2>{escape(figure["title"])}</h2>'
            f'<figure>{CHARTS[figure["chart"]](figure)}'
            f'<figcaption id="{figure["id"]}-caption">{escape(figure["description"])} '
            "The table gives the same numbers.</figcaption></figure>"
            f"{table_html(figure)}</section>\n")
