"""``nox -s bench``: build 1,000 and 10,000 papers three ways and compare.

- ours: the ``papers`` directive (domain objects, badges, permalinks, sort
  and filter data all on);
- baseline (a): raw HTML tables in a MyST page, as the seed README writes them;
- baseline (b): MyST ``list-table``s with sphinx-design badge roles, as a
  maintainer would write the list by hand.

Each variant is the same small site (this repository's conf.py, theme and
static files; a home page and a papers page), built from scratch several
times in a subprocess: wall time and the child's peak memory (ru_maxrss).
Then: an incremental build after editing one paper, a no-op rebuild, bytes per
paper, and in Chromium the time to sort each column and to apply one filter
keystroke, and the first contentful paint. The table is printed and written
into benchmarks/results.md between its ``results`` markers.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"

from generate import write  # noqa: E402

from papers.data.kinds import KINDS  # noqa: E402

WORK = HERE / "_work"
RESULTS = HERE / "results.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
PYTHON = sys.executable

#: Baseline (b) takes some 25 s a build at 10,000 papers: fewer runs of it.
B_RUNS_AT_10K = 2

HOME = "# Bench\n\n```{toctree}\npapers\n```\n"
#: the whole site: the papers page and the browse pages (a page per tag and venue, statistics)
HOME_WITH_BROWSE = "# Bench\n\n```{toctree}\npapers\nbrowse/index\n```\n"


# --- the three ways to write the list ---------------------------------------------

def page_ours(doc: dict) -> str:
    return "# Papers\n\n```{papers}\n```\n"


def by_year(doc: dict):
    years = sorted({p["year"] for p in doc["papers"]}, reverse=True)
    for year in years:
        yield year, [p for p in doc["papers"] if p["year"] == year]


def page_raw_html(doc: dict) -> str:
    """Baseline (a): the seed README's way, one raw HTML table per year."""
    out = ["# Papers\n"]
    for year, papers in by_year(doc):
        rows = ['<table>', '<tr><td align="center">Number</td><td align="center">Title</td>'
                '<td align="center">Publication</td><td align="center">Materials</td></tr>']
        for number, p in enumerate(papers, 1):
            code = f'<a href="{escape(p["code"])}">code</a>' if "code" in p else ""
            rows.append(f'<tr><td align="center">{number}</td><td align="center"><a href="{escape(p["url"])}">'
                        f'{escape(p["title"])}</a><br>{escape(", ".join(p["authors"]))}</td>'
                        f'<td align="center">{escape(p.get("venue", ""))}</td>'
                        f'<td align="center">{code}</td></tr>')
        rows.append("</table>")
        out.append(f"\n## {year}\n\n" + "\n".join(rows) + "\n")
    return "".join(out)


def _md_text(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]{}<>#|" else c for c in text)


def page_list_table(doc: dict) -> str:
    """Baseline (b): list-tables with sphinx-design badge roles, written by hand."""
    out = ["# Papers\n"]
    for year, papers in by_year(doc):
        out.append(f"\n## {year}\n\n```{{list-table}}\n:header-rows: 1\n\n"
                   "* - \\#\n  - Title\n  - Venue\n  - Code\n")
        for number, p in enumerate(papers, 1):
            venue = p.get("venue")
            badge = (f"{{bdg-{KINDS[doc['venues'][venue]['kind']].colour}}}`{venue}`" if venue else "—")
            code = f"[code]({p['code']})" if "code" in p else "—"
            out.append(f"* - {number}\n  - [{_md_text(p['title'])}]({p['url']})\n\n    "
                       f"{_md_text(', '.join(p['authors']))}\n  - {badge}\n  - {code}\n")
        out.append("```\n")
    return "".join(out)


def page_empty(doc: dict) -> str:
    return "# Papers\n"


VARIANTS = {"ours": page_ours, "a": page_raw_html, "b": page_list_table, "empty": page_empty}


# --- building and measuring ----------------------------------------------------------

def make_site(folder: Path, page: str, home: str = HOME) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(DOCS / "conf.py", folder / "conf.py")
    shutil.copytree(DOCS / "_static", folder / "_static")
    shutil.copytree(DOCS / "_templates", folder / "_templates")
    shutil.copytree(DOCS / "_ext", folder / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "index.md").write_text(home, encoding="utf-8")
    (folder / "papers.md").write_text(page, encoding="utf-8")
    return folder


def sphinx(site: Path, out: Path, data: Path) -> tuple[float, int, float]:
    """One build in a child process: (wall seconds, peak memory in MiB, CPU seconds).

    CPU time counts the build's own child too (ours writes the exports in a forked
    process, on the second core), so it shows the work that wall time may hide.

    Browse pages are written only for the "site" variant (its home page links them).
    """
    browse = ["-D", "papers_browse="] if site.name != "site-site" else []
    return child_build([PYTHON, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / ".doctrees"),
                        "-D", f"papers_file={data}", "-D", f"papers_schema={ROOT / 'data' / 'papers.schema.json'}",
                        *browse, str(site), str(out)])


def child_build(args: list[str]) -> tuple[float, int, float]:
    """Run a build command in a child: (wall seconds, peak memory of its process tree in MiB, CPU seconds)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    errors = child.stderr.read().decode()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{errors}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def fresh(site: Path, out: Path, data: Path) -> tuple[float, int, float]:
    shutil.rmtree(out, ignore_errors=True)
    return sphinx(site, out, data)


def touch_later(path: Path) -> None:
    later = path.stat().st_mtime_ns + 2 * 10**9
    os.utime(path, ns=(later, later))


def edit_one_paper(variant: str, site: Path, data: Path, old: str, new: str) -> None:
    """The same edit for every variant: one paper's title changes from `old` to `new`."""
    if variant == "ours":
        target, old_text, new_text = data, json.dumps(old), json.dumps(new)
    else:
        target = site / "papers.md"
        old_text, new_text = (escape(old), escape(new)) if variant == "a" else (_md_text(old), _md_text(new))
    text = target.read_text(encoding="utf-8")
    assert old_text in text, (variant, old_text)
    target.write_text(text.replace(old_text, new_text, 1), encoding="utf-8")
    touch_later(target)


def median(values):
    return statistics.median(values)


def measure_size(count: int, runs: int, baseline_b: bool) -> dict:
    folder = WORK / str(count)
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "papers.json"
    doc = write(count, data, ROOT / "data" / "papers.json")
    small = ROOT / "data" / "papers.json"  # baselines do not read the generated file
    result: dict = {"count": count}
    variants = ["ours", "site", "a", "empty"] + (["b"] if baseline_b else [])
    pages = {**VARIANTS, "site": page_ours}
    sites = {variant: (make_site(folder / f"site-{variant}", pages[variant](doc),
                                 HOME_WITH_BROWSE if variant == "site" else HOME),
                       folder / f"out-{variant}", data if variant in ("ours", "site") else small)
             for variant in variants}
    # the variants take turns, run after run: a slow moment of the machine then
    # touches all of them, not one (baseline (b) at 10,000 papers, 25 s a build, runs B_RUNS_AT_10K times)
    builds: dict[str, list[tuple[float, int, float]]] = {variant: [] for variant in variants}
    for run in range(runs):
        for variant in variants:
            if variant == "b" and count >= 10_000 and run >= B_RUNS_AT_10K:
                continue
            builds[variant].append(fresh(*sites[variant]))
    for variant in variants:
        _, out, _ = sites[variant]
        times = [elapsed for elapsed, _, _ in builds[variant]]
        ours_index = out / "_static" / "papers-index.js"  # the site search's own index of papers
        result[variant] = {"time": median(times), "peak": round(median(peak for _, peak, _ in builds[variant])),
                           "cpu": median(cpu for _, _, cpu in builds[variant]),
                           "times": times, "html_bytes": (out / "papers.html").stat().st_size,
                           "index_bytes": (out / "searchindex.js").stat().st_size
                           + (ours_index.stat().st_size if ours_index.is_file() else 0)}
    # no-op rebuilds take under a second: interleave the variants and take more runs,
    # so that a slow moment of the machine does not land on one variant only
    noops: dict[str, list[float]] = {variant: [] for variant in variants}
    for _ in range(max(7, runs)):
        for variant in variants:
            noops[variant].append(sphinx(*sites[variant])[0])
    for variant in variants:
        site, out, source = sites[variant]
        entry = result[variant]
        entry["noop"] = median(noops[variant])
        if variant not in ("empty", "site"):
            incremental = []
            title = doc["papers"][len(doc["papers"]) // 2]["title"]
            for run in range(runs if variant != "b" else 1):
                edit_one_paper(variant, site, data, title, f"{title} (revised {run})")
                title = f"{title} (revised {run})"
                incremental.append(sphinx(site, out, source)[0])
            entry["incremental"] = median(incremental)
        edit = f", edit {entry['incremental']:.2f} s" if "incremental" in entry else ""
        print(f"  {count:>6} {variant:>5}: {entry['time']:.2f} s, {entry['peak']} MiB, "
              f"no-op {entry['noop']:.2f} s{edit}", flush=True)
    result["pages"] = len(list((folder / "out-site").rglob("*.html")))
    result.update(measure_in_process(data))
    # the browser needs the list at its largest: all papers in one table too
    flat = make_site(folder / "site-flat", "# Papers\n\n```{papers}\n:group-by: none\n```\n")
    fresh(flat, folder / "out-flat", data)
    return result


def measure_in_process(data: Path) -> dict:
    """What checking the data file and writing the exports cost, timed in this process (best of 5).

    The check goes through load_catalog, as a build's does, its caches emptied first.
    """
    from papers.data import loading, names
    from papers.formats import bibtex
    from papers.formats.exports import export_files

    schema = ROOT / "data" / "papers.schema.json"
    timings: dict[str, list[float]] = {"validation": [], "exports": []}
    for _ in range(5):
        loading._catalogs.clear()
        loading._schemas.clear()
        start = time.perf_counter()
        catalog = loading.load_catalog(data, schema)
        timings["validation"].append(time.perf_counter() - start)
        bibtex.latex.cache_clear()
        names._parts.cache_clear()
        start = time.perf_counter()
        export_files(catalog)
        timings["exports"].append(time.perf_counter() - start)
    return {name: min(values) for name, values in timings.items()}


# --- the browser -----------------------------------------------------------------------

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TIME_SORT = """(label) => {
  const th = [...document.querySelector('table.papers-table').tHead.rows[0].cells]
    .find((cell) => cell.textContent.trim() === label);
  const start = performance.now();
  th.querySelector('button').click();
  document.body.offsetHeight;  // include the style and layout work the sort causes
  return performance.now() - start;
}"""
TIME_KEYSTROKE = """(text) => {
  const input = document.querySelector('input.papers-filter');
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  document.body.offsetHeight;
  return performance.now() - start;
}"""


#: Watches, every frame from the start of the page, where the link's target is: the time it
#: is first on screen and then stays put for three frames (rows around it render meanwhile).
WATCH_LANDING = """(() => {
  const id = decodeURIComponent(location.hash.slice(1));
  let last = NaN, still = 0, since = 0;
  const watch = () => {
    const target = document.getElementById(id);
    if (target) {
      const top = target.getBoundingClientRect().top;
      const onScreen = top >= 0 && top < innerHeight;
      if (onScreen && Math.abs(top - last) < 1) still++;
      else { still = 0; since = performance.now(); }
      last = top;
      if (still >= 3) { window.__landed = since; return; }
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();"""
#: The same page with every row and year rendered, for comparison
NO_SKIPPING = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = ".papers-many, .papers-many > tbody > tr { content-visibility: visible !important; }";
  document.head.append(style);
});"""


def measure_landing_with(browser, url: str, script: str) -> float:
    """Milliseconds from the load event until the target is on screen and stays there."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if script:
        page.add_init_script(script)
    page.add_init_script(WATCH_LANDING)
    page.goto(url)
    page.wait_for_function("window.__landed !== undefined", timeout=20_000)
    landed = page.evaluate("window.__landed - performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.close()
    return max(0.0, landed)


def measure_browser(count: int, runs: int) -> dict | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  browser: playwright is not installed; skipped")
        return None
    folder = WORK / str(count)
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    results: dict = {}
    with sync_playwright() as playwright:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        except Exception as err:  # any launch failure means: no browser here
            print(f"  browser: no usable Chromium ({err.__class__.__name__}); skipped")
            return None
        ids = json.loads((folder / "papers.json").read_text(encoding="utf-8"))["papers"]
        targets = [f"paper-{ids[len(ids) * k // 4]['id']}" for k in (1, 2, 3)] + ["year-2019"]
        layouts = (("grouped", "out-ours", ""), ("grouped, every row rendered", "out-ours", NO_SKIPPING),
                   ("flat", "out-flat", ""))
        for layout, page_dir, script in layouts:
            sorts: dict[str, list[float]] = {}
            keys: list[float] = []
            paints: list[float] = []
            landings: list[float] = []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                if script:
                    page.add_init_script(script)
                page.goto(f"{base}/{page_dir}/papers.html")
                page.wait_for_selector(".papers-controls:not([hidden])")
                paints.append(page.evaluate(
                    "performance.getEntriesByName('first-contentful-paint')[0].startTime"))
                labels = page.evaluate("[...document.querySelector('table.papers-table').tHead.rows[0].cells]"
                                       ".filter((c) => c.querySelector('button'))"  # Cite does not sort
                                       ".map((c) => c.textContent.trim())")
                for label in labels:
                    for _direction in ("ascending", "descending"):
                        sorts.setdefault(label, []).append(page.evaluate(TIME_SORT, label))
                # one keystroke at a time, as a reader types
                for prefix in ("s", "se", "seg", "segm"):
                    keys.append(page.evaluate(TIME_KEYSTROKE, prefix))
                page.close()
                if layout != "flat":
                    landings += [measure_landing_with(browser, f"{base}/{page_dir}/papers.html#{t}", script)
                                 for t in targets]
            results[layout] = {
                "rows": page_rows(folder / page_dir / "papers.html"),
                "sort": {label: max(values) for label, values in sorts.items()},
                "keystroke": max(keys), "fcp": median(paints),
                "landing": max(landings) if landings else None,
            }
            landing = f", landing max {max(landings):.0f} ms" if landings else ""
            print(f"  browser {layout}: sort max {max(results[layout]['sort'].values()):.0f} ms, "
                  f"keystroke max {results[layout]['keystroke']:.0f} ms, FCP {results[layout]['fcp']:.0f} ms"
                  + landing)
        browser.close()
    server.shutdown()
    return results


def page_rows(path: Path) -> int:
    """Rows in the first table of a page (what one sort reorders)."""
    text = path.read_text(encoding="utf-8")
    first = text.index("<tbody>")
    return text.count("<tr", first, text.index("</tbody>", first))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


# --- the report ---------------------------------------------------------------------------

def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import sphinx

    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, Sphinx {sphinx.__version__}")


def verdict(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def report(sizes: list[dict], browser: dict | None, runs: int) -> str:
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {machine()}.",
        f"Medians of {runs} fresh builds (baseline (b) at 10,000: {min(runs, B_RUNS_AT_10K)}); "
        "command: `nox -s bench`.",
        "",
        "| | " + " | ".join(f"{s['count']:,} papers" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]

    def row(label, cell):
        lines.append(f"| {label} | " + " | ".join(cell(s) for s in sizes) + " |")

    row("full build, ours", lambda s: f"{s['ours']['time']:.2f} s")
    row("full build, (a) raw HTML", lambda s: f"{s['a']['time']:.2f} s")
    row("full build, (b) list-table + badges", lambda s: f"{s['b']['time']:.2f} s" if "b" in s else "—")
    row("time ours / (a) (target ≤ 1.0)", lambda s: f"{s['ours']['time'] / s['a']['time']:.2f}")
    row("CPU time ours / (a) (both cores: ours writes the exports in a child process)",
        lambda s: f"{s['ours']['cpu'] / s['a']['cpu']:.2f}")
    row("whole site with browse pages, ours", lambda s: f"{s['site']['time']:.2f} s ({s['pages']} pages)")
    row("whole site / (a) (target ≤ 2.0)", lambda s: f"{s['site']['time'] / s['a']['time']:.2f}")
    row("of which: checking the data file", lambda s: f"{s['validation'] * 1000:.0f} ms")
    row("of which: writing the exports", lambda s: f"{s['exports'] * 1000:.0f} ms")
    row("time ours / (b) (target ≤ 0.1)",
        lambda s: f"{s['ours']['time'] / s['b']['time']:.3f}" if "b" in s else "—")
    row("peak memory, ours", lambda s: f"{s['ours']['peak']} MiB")
    row("peak memory, (a)", lambda s: f"{s['a']['peak']} MiB")
    row("peak memory, (b)", lambda s: f"{s['b']['peak']} MiB" if "b" in s else "—")
    row("memory ours / (a) (target ≤ 1.25)", lambda s: f"{s['ours']['peak'] / s['a']['peak']:.2f}")
    row("edit one paper, rebuild: ours", lambda s: f"{s['ours']['incremental']:.2f} s")
    row("edit one paper, rebuild: (a)", lambda s: f"{s['a']['incremental']:.2f} s")
    row("edit one paper, rebuild: (b)", lambda s: f"{s['b']['incremental']:.2f} s" if "b" in s else "—")
    row("no-op rebuild, ours", lambda s: f"{s['ours']['noop']:.2f} s")
    row("no-op rebuild, same site without papers", lambda s: f"{s['empty']['noop']:.2f} s")
    row("no-op ours / without papers (target ≤ 1.2)", lambda s: f"{s['ours']['noop'] / s['empty']['noop']:.2f}")
    row("HTML bytes per paper, ours (target ≤ 700)",
        lambda s: f"{s['ours']['html_bytes'] / s['count']:.0f}")
    row("HTML bytes per paper, (a)", lambda s: f"{s['a']['html_bytes'] / s['count']:.0f}")
    row("search index bytes per paper, ours: Sphinx's and ours (target ≤ 250)",
        lambda s: f"{s['ours']['index_bytes'] / s['count']:.0f}")
    if browser:
        big = sizes[-1]["count"]
        lines += ["", f"In Chromium, {big:,} papers (slowest of {runs} page loads, each column sorted both ways; "
                  "time includes the style and layout work the action causes; a link lands when its target "
                  "is on screen and stays put, timed from the load event, slowest of three rows and a year, "
                  f"each opened {runs} times):", "",
                  "| | grouped by year | grouped, every row rendered | one table |", "|---|---|---|---|"]
        grouped, full, flat = browser["grouped"], browser["grouped, every row rendered"], browser["flat"]

        def ms(value) -> str:
            return f"{value:.0f} ms" if value is not None else "—"

        lines.append(f"| rows in the sorted table | {grouped['rows']:,} | {full['rows']:,} | {flat['rows']:,} |")
        for label in flat["sort"]:
            lines.append(f"| sort by {label} | {ms(grouped['sort'].get(label))} | {ms(full['sort'].get(label))} "
                         f"| {ms(flat['sort'][label])} |")
        lines.append(f"| one filter keystroke (all {big:,} rows) | {ms(grouped['keystroke'])} "
                     f"| {ms(full['keystroke'])} | {ms(flat['keystroke'])} |")
        lines.append(f"| first contentful paint | {ms(grouped['fcp'])} | {ms(full['fcp'])} | {ms(flat['fcp'])} |")
        lines.append(f"| a permalink or year link lands (after load) | {ms(grouped['landing'])} "
                     f"| {ms(full['landing'])} | — |")
    big = sizes[-1]
    checks = [
        ("full build ≤ 1.0 × (a), time", big["ours"]["time"] <= 1.0 * big["a"]["time"]),
        ("full build ≤ 1.25 × (a), memory", big["ours"]["peak"] <= 1.25 * big["a"]["peak"]),
        ("whole site with browse pages ≤ 2 × (a)", big["site"]["time"] <= 2.0 * big["a"]["time"]),
        ("no-op ≤ 1.2 × Sphinx's own", big["ours"]["noop"] <= 1.2 * big["empty"]["noop"]),
        ("HTML ≤ 700 bytes per paper", big["ours"]["html_bytes"] / big["count"] <= 700),
        ("search index ≤ 250 bytes per paper", big["ours"]["index_bytes"] / big["count"] <= 250),
    ]
    if "b" in big:
        checks.insert(2, ("full build ≤ 0.1 × (b), time", big["ours"]["time"] <= 0.1 * big["b"]["time"]))
    if browser:
        # the targets are for the 10,000-paper page as the directive writes it: grouped by year
        grouped = browser["grouped"]
        checks += [("sort ≤ 100 ms", max(grouped["sort"].values()) <= 100),
                   ("filter keystroke ≤ 100 ms", grouped["keystroke"] <= 100),
                   ("links land ≤ 300 ms after load", grouped["landing"] <= 300)]
    lines += ["", f"Targets at {big['count']:,} papers: " + "; ".join(f"{name}: {verdict(ok)}" for name, ok in checks)
              + "."]
    if browser:
        lines += ["", "The browser targets are judged on the page the directive writes by default, one table per "
                  "year; the single table of every paper (`:group-by: none`) is shown for comparison."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-baseline-b", action="store_true", help="skip the slow baseline (b)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md alone")
    parser.add_argument("--pages", action="store_true",
                        help="only the cost of a page per paper, related papers, references and memory (pages.py)")
    args = parser.parse_args()
    if args.pages:
        import pages

        pages.main(args.sizes[-1], min(args.runs, 3), not args.no_write)
        return 0
    sizes = []
    for count in args.sizes:
        print(f"{count:,} papers", flush=True)
        sizes.append(measure_size(count, args.runs, not args.no_baseline_b))
    browser = None if args.no_browser else measure_browser(args.sizes[-1], args.runs)
    table = report(sizes, browser, args.runs)
    print("\n" + table)
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else f"{START}\n{END}\n"
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        RESULTS.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
