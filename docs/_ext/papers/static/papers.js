/* Sort and filter paper tables; show paper titles right on the search page. */
"use strict";
(() => {
  // typographic apostrophes and quotes read as straight ones: Parkinson’s is Parkinson's
  const QUOTES = { "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"' };
  const straight = (s) => s.replace(/[\u2018\u2019\u02bc\u2032\u201c\u201d\u201e\u2033]/g, (q) => QUOTES[q]);
  const fold = (s) =>
    straight(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  // Natural order ("FedAvg 2" before "FedAvg 10"), from the first letter or digit: a title's
  // leading markup and punctuation ("$\texttt{FedX}$", "(FL)$^2$") do not sort it first.
  const LEADING = /^(?:\\[A-Za-z]+\*?|[^\p{L}\p{N}\\]+)+/u;
  const natural = (s) => fold(s.replace(LEADING, "")).replace(/\d+/g, (d) => d.padStart(12, "0"));

  /* Search page: Sphinx HTML-escapes object names in its index, then escapes
     them again when it shows a hit, so "&" in a title would read "&amp;". */
  const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
  const unescape = (s) => s.replace(/&(?:amp|lt|gt|quot|#x27);/g, (e) => ENTITIES[e]);
  const fixIndex = (index) => {
    const ours = new Set(
      Object.keys(index.objnames).filter((i) => index.objnames[i][0] === "paper").map(Number),
    );
    const objects = {};
    for (const [prefix, entries] of Object.entries(index.objects)) {
      for (const entry of entries) {
        const key = ours.has(entry[1]) ? unescape(prefix) : prefix;
        if (ours.has(entry[1])) entry[4] = unescape(entry[4]);
        (objects[key] ||= []).push(entry);
      }
    }
    index.objects = objects;
  };
  // searchtools.js declares `const Search`: a global binding, but no property of window
  if (typeof Search !== "undefined" && Search.setIndex) {
    if (Search._index) fixIndex(Search._index);
    const setIndex = Search.setIndex;
    Search.setIndex = (index) => {
      fixIndex(index);
      setIndex(index);
    };
  }

  /* One record per row, read once from the page. */
  const readTable = (table) => {
    const names = [...table.tHead.rows[0].cells].map((th) => th.textContent);
    const col = (name) => names.indexOf(name);
    const section = table.closest("section.papers-year");
    const year = section ? section.querySelector("h1,h2,h3,h4,h5,h6").firstChild.textContent : "";
    return [...table.tBodies[0].rows].map((tr, order) => {
      const cells = tr.cells;
      const badge = cells[col("Venue")].querySelector(".sd-badge");
      const code = cells[col("Code")].querySelector("a");
      const tags = cells[col("Title")].querySelector(".papers-tags");
      const row = {
        tr, order, hidden: false, alt: false, keys: {},
        year: col("Year") < 0 ? year : cells[col("Year")].textContent,
        title: cells[col("Title")].firstChild.textContent,
        venue: badge ? badge.textContent : "",
        venueName: badge ? badge.title : "",
        tags: tags ? tags.textContent.split(", ") : [],
        code: code ? code.href : "",
      };
      row.hay = fold([row.title, row.venue, row.venueName, row.tags.join(" "), row.year].join(" "));
      return row;
    });
  };

  const SORT_KEYS = {
    "#": (r) => r.order,
    Year: (r) => Number(r.year),
    Title: (r) => natural(r.title),
    Venue: (r) => fold(r.venue),
    Code: (r) => r.code.toLowerCase(),
  };

  /* Every other visible row is striped. A class, not :nth-child(): a sibling
     selector makes the browser restyle every row each time one moves. */
  const stripe = (rows) => {
    let alt = false;
    for (const r of rows) {
      if (r.hidden) continue;
      if (r.alt !== alt) r.tr.classList.toggle("papers-alt", (r.alt = alt));
      alt = !alt;
    }
  };

  const setUpSorting = (table, rows) => {
    const headers = [...table.tHead.rows[0].cells];
    const state = { th: headers[0], dir: 1 };
    headers[0].setAttribute("aria-sort", "ascending");
    const sort = (th) => {
      const dir = state.th === th ? -state.dir : 1;
      const name = th.dataset.key;
      for (const r of rows) if (!(name in r.keys)) r.keys[name] = SORT_KEYS[name](r);
      rows.sort((ra, rb) => {
        const a = ra.keys[name], b = rb.keys[name];
        const empty = (a === "") - (b === ""); // no venue, no code: last both ways
        if (empty) return empty;
        return (a < b ? -dir : a > b ? dir : 0) || ra.order - rb.order;
      });
      table.tBodies[0].replaceChildren(...rows.map((r) => r.tr));
      state.th.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      Object.assign(state, { th, dir });
      stripe(rows);
    };
    for (const th of headers) {
      th.dataset.key = th.textContent;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "papers-sort";
      button.append(...th.childNodes);
      th.append(button);
      button.addEventListener("click", () => sort(th));
    }
  };

  /* The query language: words match anywhere; venue:, tag: and year: match
     one field exactly; quotes keep spaces ('tag:"weak supervision"'). */
  const parse = (query) =>
    (straight(query).match(/(?:\w+:)?(?:"[^"]*"?|\S+)/g) || []).map((token) => {
      const m = token.match(/^(venue|tag|year):(.*)$/i);
      const [field, raw] = m ? [m[1].toLowerCase(), m[2]] : ["", token];
      return [field, fold(raw.replace(/"/g, ""))];
    }).filter(([, value]) => value);
  const FIELDS = {
    "": (r, v) => r.hay.includes(v),
    venue: (r, v) => fold(r.venue) === v,
    tag: (r, v) => r.tags.some((t) => fold(t) === v),
    year: (r, v) => r.year === v,
  };

  // venue:NeurIPS Workshop is venue:NeurIPS and the word Workshop: say how to quote it
  const quoteHint = (query) => {
    const m = straight(query).match(/\b(venue|tag):([^\s"]+)\s+([^\s:"]+)/i);
    return m ? ` Names with spaces need quotes: ${m[1]}:"${m[2]} ${m[3]}".` : "";
  };

  // the page's first list keeps its filter in ?q=, a second one in ?q2=, and so on
  const setUpList = (controls, index) => {
    const key = index ? `q${index + 1}` : "q";
    const id = controls.dataset.list;
    const input = controls.querySelector("input");
    const count = controls.querySelector("output");
    const empty = controls.querySelector(".papers-empty");
    const tables = [...document.querySelectorAll(`table[data-list="${id}"]`)].map((table) => {
      const rows = readTable(table);
      setUpSorting(table, rows);
      stripe(rows);
      return { table, rows, section: table.closest("section.papers-year") };
    });
    const total = tables.reduce((n, t) => n + t.rows.length, 0);
    const plural = (n) => `${n} paper${n === 1 ? "" : "s"}`;

    const apply = (query, remember) => {
      const terms = parse(query);
      let shown = 0;
      for (const { table, rows, section } of tables) {
        let visible = 0;
        for (const r of rows) {
          const hide = !terms.every(([field, value]) => FIELDS[field](r, value));
          if (r.hidden !== hide) r.tr.hidden = r.hidden = hide;
          visible += !hide;
        }
        shown += visible;
        stripe(rows);
        if (section) section.hidden = visible === 0;
        else table.hidden = visible === 0;
      }
      count.textContent = terms.length ? `${shown} of ${plural(total)}` : plural(total);
      empty.hidden = shown > 0;
      empty.textContent = shown ? "" : `No paper matches \u201c${query.trim()}\u201d.${quoteHint(query)} Press Escape to clear the filter.`;
      if (remember) {
        const url = new URL(location.href);
        if (query.trim()) url.searchParams.set(key, query.trim());
        else url.searchParams.delete(key);
        history.replaceState(history.state, "", url);
      }
    };

    input.addEventListener("input", () => apply(input.value, true));
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        apply("", true);
      }
    });
    controls.addEventListener("papers:filter", (event) => {
      input.value = event.detail;
      apply(input.value, true);
    });
    controls.hidden = false;
    const query = new URLSearchParams(location.search).get(key);
    if (query) {
      input.value = query;
      apply(query, false);
    }
  };

  /* Land on the row or year a link names. In a long list, rows and years off screen
     skip rendering (content-visibility) and stand in with an estimated height, so the
     browser's own jump to #paper-x stops wherever those estimates put it, often
     screens away. Jump again each frame, as the rows around the target render with
     their real heights, until the page has loaded and the target stays put; any move
     of the reader's own stops it. */
  let landing = 0; // the latest call wins: a new link followed mid-landing replaces the old one
  const land = () => {
    const mine = ++landing;
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target || !target.closest(".papers-many") || !target.checkVisibility()) return;
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    let still = 0, frames = 0, stopped = false, last = NaN;
    const stop = () => { stopped = true; };
    const moves = ["wheel", "touchstart", "keydown", "pointerdown"];
    for (const type of moves) addEventListener(type, stop, { once: true, passive: true });
    const step = () => {
      if (!stopped && mine === landing) {
        // where the last frame's rendering left the target: where the jump put it (at
        // the top, or as far as the page scrolls), or elsewhere, and then jump again
        const top = target.getBoundingClientRect().top;
        if (Math.abs(top - margin) < 1 || Math.abs(top - last) < 1) still++;
        else {
          still = 0;
          target.scrollIntoView({ block: "start", behavior: "instant" });
        }
        last = target.getBoundingClientRect().top;
        const landed = still >= 3 && document.readyState === "complete";
        if (!landed && ++frames < 600) return requestAnimationFrame(step);
      }
      for (const type of moves) removeEventListener(type, stop);
    };
    step();
  };

  const start = () => {
    const lists = new Set();
    document.querySelectorAll(".papers-controls").forEach((controls, index) => {
      setUpList(controls, index);
      lists.add(controls.dataset.list);
    });
    // tables without a filter box still sort
    document.querySelectorAll("table.papers-table").forEach((table) => {
      if (lists.has(table.dataset.list)) return;
      const rows = readTable(table);
      setUpSorting(table, rows);
      stripe(rows);
    });
    // a venue badge filters its list by that venue
    document.addEventListener("click", (event) => {
      const badge = event.target.closest(".papers-table a.sd-badge");
      const table = badge && badge.closest("table.papers-table");
      const controls = table && document.querySelector(`.papers-controls[data-list="${table.dataset.list}"]`);
      if (!controls || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      const query = new URL(badge.href).searchParams.get("q");
      controls.dispatchEvent(new CustomEvent("papers:filter", { detail: query }));
    });
    land();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  addEventListener("hashchange", land);
  // a link to the target already in the address changes no hash: land all the same
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (link && link.hash === location.hash) requestAnimationFrame(land);
  });
})();
