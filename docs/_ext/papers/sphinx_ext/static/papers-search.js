/* The search page finds papers by everything the filter knows: title words, authors, venue
   (key or full name), tags, year and the study's facets, with the filter's query language
   (query.js), and by the words of their summaries.

   Sphinx's own index only has titles for papers, so they are left out of it and read from
   papers-index.js instead. The summaries' words (papers-words.js) load only when a query has
   plain words, and the search runs again with them. Paper hits come first, best first, and open
   the paper's own page where the site has one; pages follow, as Sphinx ranks them. A long answer
   shows the first hits and a link to the list filtered by the query. */
"use strict";
const PapersSearch = (() => {
  const MAX_HITS = 100;
  const { fold, words, parse, record, matches, filterFor } = PapersQuery;
  let papers = null;
  let counted = null; // {papers, pages, shown, query} of the last search
  let summaryWords = null; // the summaries' words, once loaded; "loading" meanwhile

  const setIndex = (index) => {
    const venues = index.venues;
    papers = index.papers.map(([doc, id, title, authors, venue, year, tags, f]) => record({
      doc: index.docs[doc], id, title, year: String(year),
      authors: authors.map((n) => index.authors[n]),
      venue: venue < 0 ? "" : venues[venue][0], venueName: venue < 0 ? "" : venues[venue][1],
      tags: tags.map((n) => index.tags[n]), f,
    }));
    papers.forEach((p, order) => {
      p.order = order;
      p.page = index.pages ? `${index.pages}${p.id}` : "";
    });
  };

  /* The summaries' words join each paper's haystack. A query with plain words waits for them
     (loaded once, on the first such query), so its results are shown once, complete. */
  let waiting = [];
  const setWords = (list) => {
    summaryWords = list;
    if (papers) papers.forEach((p, n) => (p.hay += ` ${fold(list[n] || "")}`));
    const run = waiting;
    waiting = [];
    run.forEach((go) => go());
  };
  const needsWords = (query) => !Array.isArray(summaryWords) && parse(query).some(([field]) => field === "");
  const afterWords = (go) => {
    waiting.push(go);
    if (summaryWords === "loading") return;
    summaryWords = "loading";
    const here = document.querySelector('script[src*="papers-index.js"]');
    const script = document.createElement("script");
    script.src = here.src.replace("papers-index.js", "papers-words.js").replace(/\?.*$/, "");
    script.onerror = () => setWords([]); // no summaries to search: titles and the rest still are
    document.head.append(script);
  };

  /* How well a paper answers the query: its exact title or method name first, then a title
     starting with the query, an author's full name, a venue, tag or year, then the rest. */
  const score = (p, query) => {
    const q = words(query);
    const title = words(p.title);
    let s = 100;
    if (title === q) s = 1000;
    else if (words(p.title.split(":")[0]) === q) s = 900;
    else if (title.startsWith(`${q} `)) s = 500;
    else if (p.folded.some((name) => words(name) === q)) s = 400;
    else if (q.split(" ").every((w) => ` ${title} `.includes(` ${w}`))) s = 300;
    else if (fold(p.venue) === fold(query.trim()) || p.tags.some((t) => fold(t) === q)) s = 250;
    else if (p.year === q) s = 200;
    return s + (Number(p.year) - 1900) / 1000; // newer first among equals
  };

  const describe = (p) => {
    const shown = p.authors.length > 3 ? `${p.authors.slice(0, 3).join(", ")} et al.` : p.authors.join(", ");
    return [shown, [p.venue, p.year].filter(Boolean).join(" ")].filter(Boolean).join(" \u00b7 ");
  };

  /* Sphinx's result rows: [docname, title, anchor, description, score, filename, kind]. */
  const hits = (query) => {
    const terms = parse(query);
    if (!papers || !terms.length) return [];
    const found = papers.filter((p) => matches(p, terms)).map((p) => [score(p, query), p]);
    found.sort((a, b) => b[0] - a[0] || a[1].order - b[1].order);
    const rows = found.slice(0, MAX_HITS).map(([s, p]) => (p.page
      ? [p.page, p.title, "", describe(p), 10000 + s, p.page, "object"]
      : [p.doc, p.title, `#paper-${p.id}`, describe(p), 10000 + s, p.doc, "object"]));
    if (found.length > MAX_HITS) {
      const doc = found[0][1].doc;
      rows.push([doc, `All ${found.length} matching papers, in the list`, `?q=${encodeURIComponent(query.trim())}`,
        "the list filtered by your query", 10000, doc, "object"]);
    }
    counted = { papers: found.length, query };
    return rows.reverse(); // Sphinx shows its results from the end
  };

  // searchtools.js declares `const Search`: a global binding, but no property of window
  if (typeof Search !== "undefined" && Search._performSearch) {
    const query = Search.query;
    Search.query = (text, ...rest) => {
      if (needsWords(text)) afterWords(() => query(text, ...rest));
      else query(text, ...rest);
    };
    const perform = Search._performSearch;
    Search._performSearch = (query, ...rest) => {
      counted = null;
      const pages = perform(query, ...rest);
      const ours = hits(query);
      if (counted) counted.pages = pages.length;
      return [...pages, ...ours];
    };
  }

  /* Say how many papers and pages matched, where Sphinx would count them all as pages. */
  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  const summarise = (summary) => {
    if (!counted || summary.dataset.papers) return;
    const { papers: n, pages, query } = counted;
    if (!n && !pages) return; // Sphinx's own "did not match" stays
    summary.dataset.papers = "1";
    const more = n > MAX_HITS ? ` (the best ${MAX_HITS} are shown; the last hit opens all of them in the list)` : "";
    summary.textContent = `Found ${plural(n, "paper")}${more} and ${plural(pages, "page")} matching \u201c${query.trim()}\u201d.`;
  };
  const results = document.getElementById("search-results");
  if (results) {
    new MutationObserver(() => {
      const summary = results.querySelector("p.search-summary");
      if (summary && summary.textContent) summarise(summary);
    }).observe(results, { childList: true, subtree: true, characterData: true });
  }

  return { setIndex, setWords, hits, filterFor };
})();
