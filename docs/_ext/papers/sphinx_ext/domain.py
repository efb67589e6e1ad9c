"""The ``paper`` domain: every listed paper is an object with an anchor.

Objects feed Sphinx's search (a paper is its own hit), ``objects.inv`` (other
projects link papers through intersphinx) and the ``paper`` role.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..data.messages import suggestion
from ..data.model import Paper, anchor
from .config import catalog_of, data_file, warn

logger = logging.getLogger(__name__)

#: Priority -1 keeps papers out of Sphinx's search index (they stay in objects.inv): its
#: index knows only a paper's title, so the search page reads our own index instead,
#: which knows authors, venues, tags and years too (search_index.py).
SEARCH_PRIORITY = -1


class PaperRole(XRefRole):
    """``{paper}`fedbn``` links to the paper's row and shows its title."""

    def run(self):
        # also registered as the global {paper} role, which needs its domain named
        if ":" not in self.name:
            self.name = f"paper:{self.name}"
        return super().run()

    def process_link(self, env, refnode, has_explicit_title, title, target):
        note_citation(env, target.strip())
        return title, target.strip()


def note_citation(env, target: str, *, shows_title: bool = True) -> None:
    """The current page links to `target`, which is, or may later be, a paper.

    The domain remembers the link, so a paper that appears, moves or goes away
    rewrites the page (links are resolved when a page is written). A link that
    shows the paper's title also makes the data file a dependency: a new title
    re-reads the page.
    """
    if shows_title:
        env.note_dependency(str(data_file(env.config)))
    env.get_domain("paper").data["citations"].setdefault(env.docname, set()).add(target)


def paper_ids(target: str) -> set[str]:
    """The ids a link target may mean: ``fedbn``, ``paper.fedbn``, ``paper-fedbn``, ``#paper-fedbn``."""
    target = target.removeprefix("#")
    return {target} | {target[len(p):] for p in ("paper.", "paper-") if target.startswith(p)}


def note_myst_references(app, doctree) -> None:
    """MyST's ``[](#fedbn)`` and ``{any}`` links count as citations, to papers listed now or later.

    Only links to papers listed now depend on the data file (an empty ``[]()``
    shows the title); any other such link may name a paper added later, so its
    page is rewritten when that paper appears.
    """
    known = None
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("reftype") not in ("myst", "any"):
            continue
        if known is None:
            known = catalog_of(app.config).by_id
        target = node["reftarget"]
        note_citation(app.env, target, shows_title=bool(paper_ids(target) & known.keys()))


def warn_unknown_paper(app, domain, node) -> bool | None:
    """An unknown id warns where it is written, with the closest id (``warn-missing-reference``)."""
    if domain is None or domain.name != "paper":
        return None
    target = node["reftarget"]
    logger.warning("no paper with id %r in the data file (papers_file)%s", target,
                   suggestion(target, domain.papers), location=node, type="ref", subtype="paper")
    return True


def pages_citing_moved_papers(app, env) -> list[str]:
    """Pages whose paper links now point elsewhere: written again (``env-get-updated``)."""
    domain = env.get_domain("paper")
    now = {paper_id: domain.target(paper_id)[0] for paper_id in domain.papers}
    before = domain.data["targets"]
    if now == before:
        return []
    domain.data["targets"] = now
    moved = {paper_id for paper_id in now.keys() | before.keys() if now.get(paper_id) != before.get(paper_id)}
    return [docname for docname, targets in domain.data["citations"].items()
            if any(paper_ids(target) & moved for target in targets)]


paper_role = PaperRole(warn_dangling=True, innernodeclass=nodes.inline)


def object_name(paper_id: str) -> str:
    """The name in the search index and objects.inv.

    Not the bare id: Sphinx's index shortens an anchor equal to
    ``type + "-" + name`` to "-" and its JavaScript rebuilds it from the
    *display* name (the title), which would break every link.
    """
    return f"paper.{paper_id}"


class PaperDomain(Domain):
    name = "paper"
    label = "Papers"
    object_types = {"paper": ObjType("paper", "paper")}
    roles = {"paper": paper_role}
    initial_data: dict[str, Any] = {
        # id -> {docname: title} for every page whose list indexes the paper; the first
        # page in name order is its target. The anchor is always paper-<id>.
        "papers": {},
        "citations": {},  # docname -> link targets of the papers the page links to
        "targets": {},  # id -> docname, as of the last build: to see which papers moved
        "checked": None,  # signature of the data file the last build checked
    }
    data_version = 4

    @property
    def papers(self) -> dict[str, dict[str, str]]:
        return self.data["papers"]

    def note_paper(self, paper: Paper, docname: str) -> None:
        self.papers.setdefault(paper.id, {})[docname] = paper.title

    def target(self, paper_id: str) -> tuple[str, str]:
        """(docname, title) of the page a paper's links and search hit go to."""
        claims = self.papers[paper_id]
        docname = min(claims)
        return docname, claims[docname]

    def clear_doc(self, docname: str) -> None:
        for paper_id, claims in list(self.papers.items()):
            if claims.pop(docname, None) is not None and not claims:
                del self.papers[paper_id]
        self.data["citations"].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for paper_id, claims in otherdata["papers"].items():
            for docname, title in claims.items():
                if docname in docnames:
                    self.papers.setdefault(paper_id, {})[docname] = title
        for docname, targets in otherdata["citations"].items():
            if docname in docnames:
                self.data["citations"][docname] = targets

    def check_consistency(self) -> None:
        """Warn once all pages are read, so the warning does not depend on reading order."""
        for paper_id, claims in self.papers.items():
            if len(claims) > 1:
                first, *others = sorted(claims)
                for docname in others:
                    warn(logger, "paper %r is indexed on page %r too; its links and search hit go to %r. "
                         "Add :no-index: to all but one of the lists that show it.",
                         paper_id, first, first, location=docname, subtype="duplicate")

    def _find(self, target: str) -> str | None:
        """The id a reference means, if a page indexes that paper."""
        return next(iter(sorted(paper_ids(target) & self.papers.keys())), None)

    def _reference(self, builder, fromdocname, node, contnode, paper_id: str) -> nodes.reference:
        docname, title = self.target(paper_id)
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor(paper_id), contnode, title)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        paper_id = self._find(target)
        return paper_id and self._reference(builder, fromdocname, node, contnode, paper_id)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        paper_id = self._find(target)
        if not paper_id:
            return []
        return [("paper:paper", self._reference(builder, fromdocname, node, contnode, paper_id))]

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return type.lname  # search results say "paper", not "Papers paper"

    def get_full_qualified_name(self, node) -> str | None:
        """Lets intersphinx find ``{paper}`fedbn``` in another project's inventory."""
        target = node.get("reftarget")
        return object_name(target) if target else None

    def paper_page(self, builder, paper_id: str) -> str | None:
        """The address of the row a paper's links go to, relative to the site's root; None if no page lists it."""
        if paper_id not in self.papers:
            return None
        docname, _ = self.target(paper_id)
        return f"{builder.get_target_uri(docname)}#{anchor(paper_id)}"

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for paper_id in self.papers:
            docname, title = self.target(paper_id)
            yield object_name(paper_id), title, "paper", docname, anchor(paper_id), SEARCH_PRIORITY


def setup_domain(app: Sphinx) -> None:
    app.add_domain(PaperDomain)
    app.add_role("paper", paper_role)
    app.connect("doctree-read", note_myst_references)
    app.connect("env-get-updated", pages_citing_moved_papers)
    app.connect("warn-missing-reference", warn_unknown_paper)
