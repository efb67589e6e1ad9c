"""``nox -s bench -- --pages``: what a page per paper costs, with its related papers, summaries and references.

- the whole site (this repository's conf.py and pages) built from scratch with a
  page per paper and without (``-D papers_pages=``), the references left out of
  both (``-D papers_references=``): the difference over the count is the cost of
  a page; the browse pages are built in both;
- related papers and the search's summary words, timed in this process;
- the formatted references (citeproc-py), on a first build and on a second (cache
  warm), at a size a first build can afford;
- peak memory measured from outside, as ``/usr/bin/time -f %M`` does (the
  build's process tree: wait4's ru_maxrss), for the papers page and for the
  raw-HTML page built with the same conf.py, both against the generated list, and
  the raw-HTML page against the repository's own 52-paper list (what the data
  file alone costs).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"
PYTHON = sys.executable
START, END = "<!-- pages:start -->", "<!-- pages:end -->"


def build(src: Path, out: Path, *defines: str) -> tuple[float, int]:
    """A clean build in a child process: (wall seconds, peak memory of its process tree in MiB)."""
    from run import child_build

    shutil.rmtree(out, ignore_errors=True)
    args = [PYTHON, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / "doctrees"), str(src), str(out / "html")]
    for define in defines:
        args += ["-D", define]
    elapsed, peak, _ = child_build(args)
    return elapsed, peak


def measure_pages(count: int, runs: int, work: Path) -> dict:
    from generate import write

    work.mkdir(parents=True, exist_ok=True)
    data = work / "papers.json"
    write(count, data, ROOT / "data" / "papers.json")
    schema = f"papers_schema={ROOT / 'data' / 'papers.schema.json'}"
    common = (f"papers_file={data}", schema, "papers_references=")
    on, off = [], []
    for _ in range(runs):  # the two take turns: a slow moment of the machine touches both
        off.append(build(DOCS, work / "off", *common, "papers_pages=")[0])
        on.append(build(DOCS, work / "on", *common)[0])
    pages = len(list((work / "on" / "html" / "papers").glob("*.html")))
    result = {"count": count, "pages": pages, "on": statistics.median(on), "off": statistics.median(off),
              "page_bytes": sum(p.stat().st_size for p in (work / "on" / "html" / "papers").glob("*.html")) / pages}
    result["per_page_ms"] = 1000 * (result["on"] - result["off"]) / pages
    result.update(measure_in_process(data))
    words = work / "on" / "html" / "_static" / "papers-words.js"
    index = work / "on" / "html" / "_static" / "papers-index.js"
    result["index_bytes"] = index.stat().st_size / count
    result["words_bytes"] = words.stat().st_size / count
    return result


def measure_in_process(data: Path) -> dict:
    """Related papers and the summaries' search words, best of 3, in this process."""
    from papers.data.loading import load_catalog
    from papers.data.related import by_authors, related
    from papers.formats.search_index import words_index

    catalog = load_catalog(data, ROOT / "data" / "papers.schema.json")
    ids = {p.id: p.id for p in catalog.papers}
    timings: dict[str, list[float]] = {"related": [], "authors": [], "words": []}
    for _ in range(3):
        for name, work in (("related", lambda: related(catalog)), ("authors", lambda: by_authors(catalog)),
                           ("words", lambda: words_index(catalog, ids))):
            start = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - start)
    return {f"{name}_ms": 1000 * min(values) / len(catalog.papers) for name, values in timings.items()}


def measure_references(count: int, work: Path) -> dict:
    """A first build's references and a second's, per paper, in this process (the build's own code)."""
    from generate import write

    from papers.data.loading import load_catalog
    from papers.formats.references import References

    data = work / "references.json"
    write(count, data, ROOT / "data" / "papers.json")
    catalog = load_catalog(data, ROOT / "data" / "papers.schema.json")
    cache = work / "references-cache"
    shutil.rmtree(cache, ignore_errors=True)
    timings = []
    for _ in range(2):
        references = References(cache)
        start = time.perf_counter()
        for paper in catalog.papers:
            references.of_paper(paper, catalog.venues.get(paper.venue) if paper.venue else None)
        references.save()
        timings.append(time.perf_counter() - start)
    return {"count": count, "cold_ms": 1000 * timings[0] / count, "warm_ms": 1000 * timings[1] / count}


def measure_memory(count: int, work: Path) -> dict:
    """Peak memory from outside: the papers page and the raw-HTML page, built with this repository's conf.py."""
    import run
    from generate import write

    data = work / "memory.json"
    doc = write(count, data, ROOT / "data" / "papers.json")
    sites = {"ours": run.make_site(work / "site-ours", run.page_ours(doc)),
             "raw": run.make_site(work / "site-raw", run.page_raw_html(doc))}
    schema = f"papers_schema={ROOT / 'data' / 'papers.schema.json'}"
    off = ("papers_browse=", "papers_pages=")
    return {"ours": build(sites["ours"], work / "m-ours", f"papers_file={data}", schema, *off)[1],
            "raw": build(sites["raw"], work / "m-raw", f"papers_file={data}", schema, *off)[1],
            "raw_small": build(sites["raw"], work / "m-raw-small", f"papers_file={ROOT / 'data' / 'papers.json'}",
                               schema, *off)[1]}


def report(pages: dict, references: dict, memory: dict) -> str:
    n = pages["count"]
    lines = [
        f"At {n:,} generated papers (made-up summaries and studies of the real list's shape), this machine:",
        "",
        "| What | Figure |",
        "| --- | --- |",
        f"| Whole site, a page per paper / none (references off in both) | "
        f"{pages['on']:.2f} s / {pages['off']:.2f} s |",
        f"| A paper page | **{pages['per_page_ms']:.2f} ms** (target 1 ms), {pages['page_bytes'] / 1024:.1f} KiB |",
        f"| of which related papers (TF-IDF along postings) | {pages['related_ms']:.3f} ms |",
        f"| of which the authors' other papers | {pages['authors_ms']:.3f} ms |",
        f"| The summaries' search words (loaded when a query needs them) | {pages['words_ms']:.3f} ms a paper to "
        f"make, {pages['words_bytes']:.0f} bytes a paper |",
        f"| The search index a reader downloads up front | {pages['index_bytes']:.0f} bytes a paper (target 250) |",
        f"| References, Vancouver + APA + AMA, first build ({references['count']:,} papers) | "
        f"{references['cold_ms']:.1f} ms a paper |",
        f"| References, a second build (cache warm) | {references['warm_ms']:.2f} ms a paper |",
        f"| Peak memory, papers page / raw-HTML page, both reading the {n:,}-paper file | "
        f"{memory['ours']} MiB / {memory['raw']} MiB ({memory['ours'] / memory['raw']:.2f}\u00d7) |",
        f"| Peak memory, raw-HTML page reading the 52-paper file | {memory['raw_small']} MiB "
        f"(the papers page {memory['ours'] / memory['raw_small']:.2f}\u00d7) |",
    ]
    return "\n".join(lines)


def main(count: int = 10_000, runs: int = 3, write_results: bool = True) -> str:
    work = HERE / "_work" / "pages"
    print(f"paper pages: {count:,} papers, {runs} runs each", flush=True)
    pages = measure_pages(count, runs, work)
    print(f"  {pages['per_page_ms']:.2f} ms a page", flush=True)
    references = measure_references(min(count, 1000), work)
    print(f"  references {references['cold_ms']:.1f} ms / {references['warm_ms']:.2f} ms a paper", flush=True)
    memory = measure_memory(count, work)
    print(f"  memory {memory}", flush=True)
    table = report(pages, references, memory)
    if write_results:
        results = HERE / "results.md"
        text = results.read_text(encoding="utf-8")
        if START not in text:
            text += f"\n## A page per paper\n\n{START}\n{END}\n"
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        results.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    print(table)
    return json.dumps({"pages": pages, "references": references, "memory": memory})


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
