/* Cite one paper, or every paper the filter shows, in BibTeX.

   The page carries no BibTeX: a row's Cite button fetches the entries of its year
   (_papers/bib/<year>.bib, written with the site by our extension, encoded for LaTeX by
   pylatexenc) once, then shows the paper's entry in a dialog with a Copy button. Where
   the browser refuses the clipboard, the entry is selected for Ctrl+C instead. */
"use strict";
(() => {
  const root = document.documentElement.dataset.content_root || "";
  const years = new Map(); // year -> Promise of Map(id -> entry)

  const entriesOf = (year) => {
    if (!years.has(year)) {
      years.set(year, fetch(`${root}_papers/bib/${year}.bib`)
        .then((response) => {
          if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
          return response.text();
        })
        .then((text) => new Map(text.split(/\n(?=@)/).filter((e) => e.trim())
          .map((entry) => [entry.match(/^@\w+\{([^,]+),/)[1], `${entry.trim()}\n`]))));
      years.get(year).catch(() => years.delete(year)); // let a later click try again
    }
    return years.get(year);
  };

  /* A row's paper: its id (on the title's dt, on the row in a :no-index: list, or on the button
     of a repeated row) and year. */
  const paperOf = (tr) => {
    const button = tr.querySelector(".pc");
    const id = (button && button.dataset.id) || (tr.id || tr.querySelector("dt").id).replace(/^paper-/, "");
    const table = tr.closest("table");
    const column = [...table.tHead.rows[0].cells].findIndex((th) => th.textContent === "Year");
    const section = tr.closest("section.papers-year");
    const year = column >= 0 ? tr.cells[column].textContent : section.id.match(/^year-(\d+)/)[1];
    return { id, year, title: tr.querySelector("dt > a").textContent };
  };

  let dialog;
  const make = (tag, props = {}, ...children) => {
    const element = Object.assign(document.createElement(tag), props);
    element.append(...children);
    return element;
  };

  const build = () => {
    dialog = make("dialog", { className: "papers-cite" });
    const heading = make("h2", { id: "papers-cite-title" });
    const code = make("code");
    const pre = make("pre", { tabIndex: 0 }, code);
    const status = make("p", { className: "papers-cite-status" });
    status.setAttribute("role", "status");
    const copy = make("button", { type: "button", className: "papers-cite-copy" }, "Copy BibTeX");
    const download = make("a", { className: "papers-cite-download" }, "Download .bib");
    const close = make("button", { type: "button", className: "papers-cite-close" }, "Close");
    dialog.setAttribute("aria-labelledby", heading.id);
    dialog.append(heading, pre, status, make("div", { className: "papers-cite-actions" }, copy, download, close));
    document.body.append(dialog);
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => URL.revokeObjectURL(download.href));
    copy.addEventListener("click", () => {
      const text = code.textContent;
      const select = () => getSelection().selectAllChildren(code);
      const done = (message) => { status.textContent = ""; requestAnimationFrame(() => (status.textContent = message)); };
      if (!navigator.clipboard) {
        select();
        done("Copying is not available here: the BibTeX is selected, press Ctrl+C (\u2318C on a Mac) to copy it.");
        return;
      }
      navigator.clipboard.writeText(text).then(
        () => done("Copied to the clipboard."),
        () => {
          select();
          done("The browser did not allow copying: the BibTeX is selected, press Ctrl+C (\u2318C on a Mac) to copy it.");
        });
    });
    return { heading, code, status, copy, download };
  };
  let parts;

  const show = (title, text, filename) => {
    parts ||= build();
    parts.heading.textContent = title;
    parts.code.textContent = text;
    parts.status.textContent = "";
    URL.revokeObjectURL(parts.download.href);
    parts.download.href = URL.createObjectURL(new Blob([text], { type: "application/x-bibtex" }));
    parts.download.download = filename;
    if (!dialog.open) dialog.showModal();
    parts.copy.focus();
  };
  const failed = (error) => show("The BibTeX could not be loaded", `${error.message}. Try again, or download the whole list's BibTeX below the filter box.`, "papers.bib");

  const citeOne = (tr) => {
    const paper = paperOf(tr);
    entriesOf(paper.year).then((entries) => {
      const entry = entries.get(paper.id);
      if (!entry) throw new Error(`No BibTeX entry for ${paper.id}`);
      show(`Cite \u201c${paper.title}\u201d`, entry, `${paper.id}.bib`);
    }).catch(failed);
  };

  const citeShown = (button) => {
    const rows = [...document.querySelectorAll(`table.papers-table[data-list="${button.dataset.list}"] tbody tr`)]
      .filter((tr) => !tr.hidden && !tr.closest("[hidden]"));
    const papers = rows.map(paperOf);
    Promise.all([...new Set(papers.map((p) => p.year))].map((year) => entriesOf(year).then((e) => [year, e])))
      .then((loaded) => {
        const byYear = new Map(loaded);
        const text = papers.map((p) => byYear.get(p.year).get(p.id)).filter(Boolean).join("\n");
        show(`Cite the ${papers.length} paper${papers.length === 1 ? "" : "s"} shown`, text, "papers.bib");
      }).catch(failed);
  };

  document.addEventListener("click", (event) => {
    const one = event.target.closest(".papers-table .pc");
    if (one) return citeOne(one.closest("tr"));
    const shown = event.target.closest(".papers-cite-shown");
    if (shown) citeShown(shown);
  });
  // the count of papers shown is the button's too
  document.addEventListener("papers:filtered", (event) => {
    const button = document.querySelector(`.papers-cite-shown[data-list="${event.target.dataset.list}"]`);
    if (button) button.textContent = `Cite the ${event.detail} paper${event.detail === 1 ? "" : "s"} shown`;
  });
  for (const button of document.querySelectorAll(".papers-cite-shown")) button.disabled = false;
})();
