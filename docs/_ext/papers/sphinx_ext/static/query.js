/* The query language of the filter box and the paper search, shared by papers.js and papers-search.js.

   Words match anywhere in a paper (title, authors, venue and its full name, tags, year, the
   study's deployment, software and datasets); author:, venue:, tag: and year: match one field;
   so do the study's facets: deployment:real (and papers that report both kinds), sites:>=10
   (or sites:10, sites:<5, sites:10-20), privacy:dp (or its full key, differential-privacy),
   framework:nvflare and dataset:brats (brats-2018, brats-2021 …). Quotes keep spaces
   ('tag:"weak supervision"', 'author:"Xiaoxiao Li"'). Case, accents and the kind of
   apostrophe or quote do not matter. */
"use strict";
const PapersQuery = (() => {
  // typographic apostrophes and quotes read as straight ones: Parkinson’s is Parkinson's
  const QUOTES = { "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"' };
  const straight = (s) => s.replace(/[\u2018\u2019\u02bc\u2032\u201c\u201d\u201e\u2033]/g, (q) => QUOTES[q]);
  const fold = (s) => straight(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  // words only: "Auto-FedRL:" and "auto fedrl" are the same words
  const words = (s) => fold(s).replace(/[^\p{L}\p{N}]+/gu, " ").trim();

  const parse = (query) =>
    (straight(query).match(/(?:\w+:)?(?:"[^"]*"?|\S+)/g) || []).map((token) => {
      const m = token.match(/^(author|venue|tag|year|deployment|sites|privacy|framework|dataset):(.*)$/i);
      const [field, raw] = m ? [m[1].toLowerCase(), m[2]] : ["", token];
      return [field, fold(raw.replace(/"/g, "").trim())];
    }).filter(([, value]) => value);

  /* A study's facets from the keys a row (data-f) or the search index carries:
     "deployment;sites;privacy,…;framework;dataset,…", a facet empty where it is not reported. */
  const studyOf = (f) => {
    const [deployment = "", sites = "", privacy = "", framework = "", datasets = ""] = (f || "").split(";");
    const list = (s) => (s ? s.split(",") : []);
    return { deployment, sites: sites ? Number(sites) : null, privacy: list(privacy), framework, datasets: list(datasets) };
  };

  /* A paper as the queries read it: title, authors (a list), venue key and full name, tags, year,
     and `f`, its study's facets as keys. */
  const record = (paper) => {
    const r = { ...paper };
    r.folded = r.authors.map(fold);
    r.study = studyOf(r.f);
    const s = r.study;
    r.hay = fold([r.title, r.authors.join(" "), r.venue, r.venueName, r.tags.join(" "), r.year,
      s.deployment, s.framework, s.datasets.join(" ")].join(" "));
    return r;
  };

  const PRIVACY = { dp: "differential-privacy", sa: "secure-aggregation", he: "homomorphic-encryption",
    smpc: "secure-multiparty-computation", mpc: "secure-multiparty-computation", tee: "trusted-execution" };
  const keyed = (v) => v.replace(/\s+/g, "-");
  /* sites:10, sites:>=10, sites:<5, sites:10-20 */
  const sitesMatch = (sites, v) => {
    if (sites === null) return false;
    const range = v.match(/^(\d+)-(\d+)$/);
    if (range) return sites >= Number(range[1]) && sites <= Number(range[2]);
    const m = v.match(/^(>=|<=|>|<|=)?(\d+)$/);
    if (!m) return false;
    const n = Number(m[2]);
    return { ">=": sites >= n, "<=": sites <= n, ">": sites > n, "<": sites < n }[m[1]] ?? sites === n;
  };

  // author:li is any author with the word "li" in their name; author:"xiaoxiao li" one of them
  const hasWords = (text, value) => ` ${text} `.includes(` ${value} `);
  const FIELDS = {
    "": (r, v) => r.hay.includes(v),
    author: (r, v) => r.folded.some((name) => hasWords(name, v)),
    venue: (r, v) => fold(r.venue) === v,
    tag: (r, v) => r.tags.some((t) => fold(t) === v),
    year: (r, v) => String(r.year) === v,
    deployment: (r, v) => r.study.deployment === v || (r.study.deployment === "both" && (v === "real" || v === "simulated")),
    sites: (r, v) => sitesMatch(r.study.sites, v),
    privacy: (r, v) => r.study.privacy.includes(PRIVACY[v] || keyed(v)),
    framework: (r, v) => r.study.framework !== "" && r.study.framework.startsWith(keyed(v)),
    dataset: (r, v) => r.study.datasets.some((d) => d.startsWith(keyed(v))),
  };
  const matches = (r, terms) => terms.every(([field, value]) => FIELDS[field](r, value));

  // venue:NeurIPS Workshop is venue:NeurIPS and the word Workshop: say how to quote it
  const quoteHint = (query) => {
    const m = straight(query).match(/\b(author|venue|tag|dataset|framework):([^\s"]+)\s+([^\s:"]+)/i);
    return m ? ` Names with spaces need quotes: ${m[1]}:"${m[2]} ${m[3]}".` : "";
  };
  const filterFor = (field, value) => (/\s/.test(value) ? `${field}:"${value}"` : `${field}:${value}`);

  return { straight, fold, words, parse, record, matches, quoteHint, filterFor, studyOf };
})();
