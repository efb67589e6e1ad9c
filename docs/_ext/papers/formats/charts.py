"""The list's numbers as figures: SVG charts drawn from the data, each with a table of the same numbers.

Papers per year stacked by venue kind, the share of papers with code per year,
the top venues and tags; then how the studies federate: real deployments and
simulations per year, the number of sites, privacy techniques over time, the
most used datasets and software. Each SVG has a title and a description
for screen readers; colours are CSS classes, so the charts follow the theme, light
or dark. No charting library, no CDN.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..data.facets import MODALITIES, PRIVACY
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
    busiest = max(years, key=lambda y: (per_year[y], y)) if years else 0
    total_code = sum(with_code.values())
    return [
        {"id": "papers-per-year", "title": "Papers per year, by kind of venue",
         "description": (f"{len(catalog.papers)} papers from {years[0]} to {years[-1]}; the most, "
                         f"{per_year[busiest]}, in {busiest}." if years else "No papers yet."),
         "header": ["Year", *(kind_label(k) for k in shown_kinds), "All"],
         "rows": [[y, *(kinds[(y, k)] for k in shown_kinds), per_year[y]] for y in years],
         "chart": "stacked", "series": [(f"k-{k}", kind_label(k)) for k in shown_kinds]},
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
        *study_figures(catalog, years),
    ]


#: How the charts name a deployment, and the order they stack them in.
DEPLOYMENT_SERIES = (("real", "Real deployment"), ("both", "Both"), ("simulated", "Simulated"),
                     ("", "Not reported"))
#: The bins of the number of sites.
SITE_BINS = ((1, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, None))


def _bin_label(low: int, high: int | None) -> str:
    return f"{low} or more" if high is None else f"{low}\u2013{high}"


def _listing(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{k}: {n}" for k, n in counts[:3]) + (", \u2026" if len(counts) > 3 else "") + "."


def study_figures(catalog: Catalog, years: list[int]) -> list[dict]:
    """How the list's studies federate: deployment per year, sites, privacy over time, datasets, software."""
    papers = [p for p in catalog.papers if p.study.examined]
    if not papers:
        return []
    deployments = Counter((p.year, p.study.deployment or "") for p in papers)
    shown = [(d, label) for d, label in DEPLOYMENT_SERIES if any(deployments[(y, d)] for y in years)]
    per_year = Counter(p.year for p in papers)
    real = sum(1 for p in papers if p.study.deployment in ("real", "both"))
    sites = [p.study.sites for p in papers if p.study.sites]
    bins = [(low, high, sum(1 for n in sites if n >= low and (high is None or n <= high))) for low, high in SITE_BINS]
    privacy = Counter((p.year, t) for p in papers for t in p.study.privacy or ())
    techniques = [t for t in PRIVACY if any(privacy[(y, t)] for y in years)]
    any_privacy = Counter(p.year for p in papers if p.study.privacy)
    datasets = Counter(d for p in papers for d in p.study.datasets or ()).most_common(TOP)
    frameworks = Counter(p.study.framework for p in papers if p.study.framework).most_common(TOP)
    out = [
        {"id": "deployment-per-year", "title": "Real deployments and simulations, per year",
         "description": (f"{real} of {len(papers)} studies trained across institutions' own infrastructure "
                         f"({round(100 * real / len(papers))}%); "
                         f"{sum(1 for p in papers if p.study.deployment == 'simulated')} simulated the federation; "
                         f"{sum(1 for p in papers if not p.study.deployment)} do not say in what we read."),
         "header": ["Year", *(label for _, label in shown), "Studies"],
         "rows": [[y, *(deployments[(y, d)] for d, _ in shown), per_year[y]] for y in years if per_year[y]],
         "chart": "stacked", "series": [(f"d-{d or 'none'}", label) for d, label in shown]},
        {"id": "sites", "title": "Number of sites in the main experiment",
         "description": (f"{len(sites)} studies report it; the median is {sorted(sites)[len(sites) // 2]}, "
                         f"the largest {max(sites)}." if sites else "No study reports it yet."),
         "header": ["Sites", "Studies"],
         "rows": [[_bin_label(low, high), n] for low, high, n in bins], "chart": "bars"},
    ]
    if techniques:
        out.append(
            {"id": "privacy-per-year", "title": "Privacy techniques beyond federated averaging, per year",
             "description": (f"{sum(any_privacy.values())} of {len(papers)} studies use one or more: "
                             + _listing(Counter(t for p in papers for t in p.study.privacy or ()).most_common())),
             "header": ["Year", *(PRIVACY[t][1].capitalize() for t in techniques), "Studies using any"],
             "rows": [[y, *(privacy[(y, t)] for t in techniques), any_privacy[y]] for y in years if per_year[y]],
             "chart": "stacked", "series": [(f"p-{t}", PRIVACY[t][1].capitalize()) for t in techniques]})
    if datasets:
        out.append(
            {"id": "top-datasets", "title": f"Top {len(datasets)} datasets",
             "description": _listing([(catalog.datasets[k].name, n) for k, n in datasets]),
             "header": ["Dataset", "Modality", "Studies"],
             "rows": [[catalog.datasets[k].name, MODALITIES[catalog.datasets[k].modality], n] for k, n in datasets],
             "chart": "bars"})
    if frameworks:
        out.append(
            {"id": "frameworks", "title": "Federated-learning software",
             "description": _listing([(catalog.frameworks[k].name, n) for k, n in frameworks]),
             "header": ["Software", "Studies"],
             "rows": [[catalog.frameworks[k].name, n] for k, n in frameworks], "chart": "bars"})
    return out


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
    """Bars per year, each stacked from its series (``figure["series"]``: (CSS class, label) pairs,
    their counts the row's cells after the year)."""
    rows, series = figure["rows"], figure["series"]
    plot_h, plot_w = H - TOP_PAD - BOTTOM, W - LEFT - RIGHT
    top, ticks = _axis(max((sum(r[1:1 + len(series)]) for r in rows), default=1), plot_h)
    band = plot_w / max(1, len(rows))
    out = [_gridlines(top, ticks, plot_h)]
    for index, row in enumerate(rows):
        x, y = LEFT + index * band + band * 0.15, TOP_PAD + plot_h
        for (css, label), count in zip(series, row[1:1 + len(series)], strict=True):
            h = plot_h * count / top
            if h:
                y -= h
                out.append(f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{band * 0.7:.1f}" height="{h:.1f}">'
                           f"<title>{row[0]}: {count} {escape(label.lower())}</title></rect>")
        out.append(f'<text class="tick" x="{x + band * 0.35:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">'
                   f"{row[0]}</text>")
    legend_x = LEFT
    for css, label in series:
        out.append(f'<rect class="{css}" x="{legend_x}" y="{H - 14}" width="10" height="10"/>'
                   f'<text class="tick" x="{legend_x + 14}" y="{H - 5}">{escape(label)}</text>')
        legend_x += 24 + 7 * len(label)
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


def numbers_table_html(figure: dict) -> str:
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
            f"{numbers_table_html(figure)}</section>\n")
