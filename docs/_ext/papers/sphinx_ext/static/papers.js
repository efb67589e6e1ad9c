/* Paper tables: sort, filter (query.js), author links, and landing on a linked row. */
"use strict";
(() => {
  const { fold, parse, record, matches, quoteHint, filterFor } = PapersQuery;
  // Natural order ("FedAvg 2" before "FedAvg 10"), from the first letter or digit: a title's
  // leading markup and punctuation ("$\texttt{FedX}$", "(FL)$^2$") do not sort it first.
  const LEADING = /^(?:\\[A-Za-z]+\*?|[^\p{L}\p{N}\\]+)+/u;
  const natural = (s) => fold(s.replace(LEADING, "")).replace(/\d+/g, (d) => d.padStart(12, "0"));
  // authors are written "A, B, C"; a comma inside a name only before Jr., Sr., II, III, IV
  const SEPARATOR = /, (?!(?:Jr|Sr|I{2,3}|IV)\.?(?:,|$))/;
  const OTHERS = ", and others";

  /* The authors of a row as a list: the text of .pa without the "14 more…" of its disclosure. */
  const authorsOf = (pa) => {
    let text = "";
    for (const node of pa.childNodes) {
      if (node.nodeName !== "DETAILS") text += node.textContent;
      else for (const inner of node.childNodes) if (inner.nodeName !== "SUMMARY") text += inner.textContent;
    }
    return text.replace(OTHERS, "").split(SEPARATOR).filter(Boolean);
  };

  /* The venues' full names, from the list's legend. */
  const venueNames = () => {
    const names = {};
    for (const dt of document.querySelectorAll(".papers-legend dt")) {
      names[dt.textContent] = dt.nextElementSibling.firstChild.textContent.trim();
    }
    return names;
  };

  /* One record per row, read once from the page. */
  const readTable = (table, names) => {
    const headers = [...table.tHead.rows[0].cells].map((th) => th.textContent);
    const col = (name) => headers.indexOf(name);
    const section = table.closest("section.papers-year");
    const year = section ? section.querySelector("h1,h2,h3,h4,h5,h6").firstChild.textContent : "";
    return [...table.tBodies[0].rows].map((tr, order) => {
      const cells = tr.cells;
      const title = cells[col("Title")];
      const badge = cells[col("Venue")].querySelector(".sd-badge");
      const code = cells[col("Code")].querySelector("a");
      const tags = title.querySelector(".pt");
      const study = title.querySelector(".pf");
      return Object.assign(record({
        id: tr.id || title.querySelector("dt").id,
        year: col("Year") < 0 ? year : cells[col("Year")].textContent,
        title: title.querySelector("dt > a").textContent,
        authors: authorsOf(title.querySelector(".pa")),
        venue: badge ? badge.textContent : "",
        venueName: (badge && names[badge.textContent]) || "",
        tags: tags ? tags.textContent.split(", ") : [],
        f: study ? study.dataset.f : "",
      }), { tr, order, hidden: false, alt: false, keys: {}, code: code ? code.href : "" });
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
    const headers = [...table.tHead.rows[0].cells].filter((th) => th.textContent in SORT_KEYS);
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

  const lists = new Map(); // list id -> {controls, tables, apply}

  // the page's first list keeps its filter in ?q=, a second one in ?q2=, and so on
  const setUpList = (controls, index, names) => {
    const key = index ? `q${index + 1}` : "q";
    const id = controls.dataset.list;
    const input = controls.querySelector("input");
    const count = controls.querySelector("output");
    const empty = controls.querySelector(".papers-empty");
    const tables = [...document.querySelectorAll(`table[data-list="${id}"]`)].map((table) => {
      const rows = readTable(table, names);
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
          const hide = !matches(r, terms);
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
      controls.dispatchEvent(new CustomEvent("papers:filtered", { detail: shown, bubbles: true }));
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
    lists.set(id, { controls, tables });
    const query = new URLSearchParams(location.search).get(key);
    if (query) {
      input.value = query;
      apply(query, false);
    }
  };

  /* Author names become links that filter the list by that author. Done for a row when a
     pointer or the keyboard first reaches it: 10,000 rows of links would slow the page. */
  const linkAuthors = (tr) => {
    const pa = tr.querySelector(".pa");
    if (!pa || pa.dataset.linked) return;
    pa.dataset.linked = "1";
    const walker = document.createTreeWalker(pa, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest("summary") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const text of texts) {
      const parts = text.textContent.replace(OTHERS, "\u0000").split(/(, (?!(?:Jr|Sr|I{2,3}|IV)\.?(?:,|$)))/);
      const pieces = parts.map((part, i) => {
        if (i % 2 || !part.trim() || part === "\u0000") return part.replace("\u0000", OTHERS);
        const others = part.endsWith("\u0000");
        const name = part.replace("\u0000", "");
        const link = document.createElement("a");
        link.className = "pn";
        link.href = `?q=${encodeURIComponent(filterFor("author", name))}`;
        link.textContent = name;
        return others ? [link, OTHERS] : link;
      }).flat();
      text.replaceWith(...pieces);
    }
  };

  /* Land on the row or year a link names. In a long list, rows and years off screen
     skip rendering (content-visibility) and stand in with an estimated height, so the
     browser's own jump to #paper-x stops wherever those estimates put it, often
     screens away. Jump again each frame, as the rows around the target render with
     their real heights, until the page has loaded and the target has stayed put for a
     second (late work such as the search page's highlighting can still move it); any
     move of the reader's own stops it. */
  const SETTLE = 1000; // ms after the load event during which the target is held in place
  let loadedAt = document.readyState === "complete" ? performance.now() : 0;
  addEventListener("load", () => (loadedAt = performance.now()));
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
        const landed = still >= 3 && loadedAt && performance.now() - loadedAt > SETTLE;
        if (!landed && ++frames < 600) return requestAnimationFrame(step);
      }
      for (const type of moves) removeEventListener(type, stop);
    };
    step();
  };

  /* "new" on the day the page is read, not the day it was built: a row is new when added after
     the list's first day and fewer than data-new-days days ago (UTC days, as the data's). */
  const DAY = 86400000;
  const markNew = (table) => {
    const days = Number(table.dataset.newDays), first = table.dataset.first || "";
    if (!days) return;
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    for (const tr of table.tBodies[0].rows) {
      const added = tr.dataset.a;
      const fresh = !!added && added > first && (today - Date.parse(added)) / DAY < days;
      const pa = tr.querySelector(".pa");
      const marker = pa && pa.querySelector(".pnew");
      if (fresh && !marker && pa) {
        const strong = document.createElement("strong");
        strong.className = "pnew";
        strong.textContent = "new";
        pa.prepend(strong, " ");
      } else if (!fresh && marker) {
        marker.nextSibling && marker.nextSibling.nodeType === 3 && marker.nextSibling.remove();
        marker.remove();
      }
    }
  };

  const filterList = (element, query) => {
    const table = element.closest("table.papers-table");
    const list = table && lists.get(table.dataset.list);
    if (!list) return false;
    list.controls.dispatchEvent(new CustomEvent("papers:filter", { detail: query }));
    return true;
  };

  const start = () => {
    document.querySelectorAll("table.papers-table[data-new-days]").forEach(markNew);
    const names = venueNames();
    document.querySelectorAll(".papers-controls").forEach((controls, index) => setUpList(controls, index, names));
    // tables without a filter box still sort
    document.querySelectorAll("table.papers-table").forEach((table) => {
      if (lists.has(table.dataset.list)) return;
      const rows = readTable(table, names);
      setUpSorting(table, rows);
      stripe(rows);
    });
    for (const [event, name] of [["pointerover", "tr"], ["focusin", "tr"]]) {
      document.addEventListener(event, (e) => {
        const tr = e.target.closest && e.target.closest(`.papers-table tbody ${name}`);
        if (tr && lists.has(tr.closest("table").dataset.list)) linkAuthors(tr);
      });
    }
    document.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      // a venue badge or an author filters its list in place
      const link = event.target.closest(".papers-table a.sd-badge, .papers-table a.pn");
      if (link && filterList(link, new URL(link.href).searchParams.get("q"))) {
        event.preventDefault();
        return;
      }
      // a link to the target already in the address changes no hash: land all the same
      const anchor = event.target.closest('a[href^="#"]');
      if (anchor && anchor.hash === location.hash) requestAnimationFrame(land);
    });
    // the venue's full name, also as a tooltip
    document.addEventListener("pointerover", (event) => {
      const badge = event.target.closest && event.target.closest(".papers-table .sd-badge");
      if (badge && !badge.title && names[badge.textContent]) badge.title = names[badge.textContent];
    });
    land();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  addEventListener("hashchange", land);
})();
