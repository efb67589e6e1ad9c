/* Work around Sphinx's search highlighter (sphinx_highlight.js), which calls getBBox() on
   every text match inside an SVG: <title> and <desc> have none, so a searched word that
   appears in an icon's or figure's title ("Auto light/dark" in furo) throws and stops the
   highlighting. Sphinx skips ".nohighlight"; it runs on DOMContentLoaded, after this
   deferred script. Loaded on every page, because a search hit can open any page. */
"use strict";
for (const el of document.querySelectorAll("svg *")) {
  if (!(el instanceof SVGGraphicsElement)) el.classList.add("nohighlight");
}
