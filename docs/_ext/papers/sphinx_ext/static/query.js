/* The query language of the filter box and the paper search, shared by papers.js and papers-search.js.

   Words match anywhere in a paper (title, authors, venue and its full name, tags, year);
   author:, venue:, tag: and year: match one field; quotes keep spaces
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
      const m = token.match(/^(author|venue|tag|year):(.*)$/i);
      const [field, raw] = m ? [m[1].toLowerCase(), m[2]] : ["", token];
      return [field, fold(raw.replace(/"/g, "").trim())];
    }).filter(([, value]) => value);

  /* A paper as the queries read it: title, authors (a list), venue key and full name, tags, year. */
  const record = (paper) => {
    const r = { ...paper };
    r.folded = r.authors.map(fold);
    r.hay = fold([r.title, r.authors.join(" "), r.venue, r.venueName, r.tags.join(" "), r.year].join(" "));
    return r;
  };

  // author:li is any author with the word "li" in their name; author:"xiaoxiao li" one of them
  const hasWords = (text, value) => ` ${text} `.includes(` ${value} `);
  const FIELDS = {
    "": (r, v) => r.hay.includes(v),
    author: (r, v) => r.folded.some((name) => hasWords(name, v)),
    venue: (r, v) => fold(r.venue) === v,
    tag: (r, v) => r.tags.some((t) => fold(t) === v),
    year: (r, v) => String(r.year) === v,
  };
  const matches = (r, terms) => terms.every(([field, value]) => FIELDS[field](r, value));

  // venue:NeurIPS Workshop is venue:NeurIPS and the word Workshop: say how to quote it
  const quoteHint = (query) => {
    const m = straight(query).match(/\b(author|venue|tag):([^\s"]+)\s+([^\s:"]+)/i);
    return m ? ` Names with spaces need quotes: ${m[1]}:"${m[2]} ${m[3]}".` : "";
  };
  const filterFor = (field, value) => (/\s/.test(value) ? `${field}:"${value}"` : `${field}:${value}`);

  return { straight, fold, words, parse, record, matches, quoteHint, filterFor };
})();
