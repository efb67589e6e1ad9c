"""The ``paper`` domain: every listed paper is an object with an anchor.

Objects feed Sphinx's search (a paper is its own hit), ``objects.inv`` (other
projects link papers through intersphinx) and the ``paper`` role.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .model import Paper, anchor
from .paths import data_file

logger = logging.getLogger(__name__)

#: Search hits of priority 0 rank above any page hit (Sphinx's Scorer.objPrio).
SEARCH_PRIORITY = 0


class PaperRole(XRefRole):
    """``{paper}`fedbn``` links to the paper's row and shows its title."""

    def run(self):
        # also registered as the global {paper} role, which needs its domain named
        if ":" not in self.name:
            self.name = f"paper:{self.name}"
        return super().run()

    def process_link(self, env, refnode, has_explicit_title, title, target):
        # the link text is the paper's title: re-read this page when it changes
        env.note_dependency(str(data_file(env.config)))
        return title, target.strip()


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
    dangling_warnings = {
        "paper": "no paper with id %(target)r in the data file (papers_file); "
        "use an id from data/papers.json"
    }
    initial_data: dict[str, Any] = {
        # id -> (docname, title); the anchor is always paper-<id>. Kept this small
        # because a no-op rebuild still loads it, for every paper of the list.
        "papers": {},
        "checked": None,  # signature of the data file the last build checked
    }
    data_version = 2

    @property
    def papers(self) -> dict[str, tuple[str, str]]:
        return self.data["papers"]

    def note_paper(self, paper: Paper, docname: str, location: Any) -> None:
        self._add(paper.id, (docname, paper.title), location)

    def _add(self, paper_id: str, entry: tuple[str, str], location: Any) -> None:
        other = self.papers.get(paper_id)
        if other and other[0] != entry[0]:
            logger.warning(
                "paper %r is already listed on page %r; add :no-index: to one "
                "of the two lists so its links and search hit have one target",
                paper_id, other[0], location=location, type="papers", subtype="duplicate",
            )
            return
        self.papers[paper_id] = entry

    def clear_doc(self, docname: str) -> None:
        for paper_id in [k for k, v in self.papers.items() if v[0] == docname]:
            del self.papers[paper_id]

    def merge_domaindata(self, docnames, otherdata: dict[str, Any]) -> None:
        for paper_id, entry in otherdata["papers"].items():
            if entry[0] in docnames:
                self._add(paper_id, entry, entry[0])

    def _find(self, target: str) -> str | None:
        """The id a reference means: ``fedbn``, ``paper.fedbn``, ``paper-fedbn`` or ``#paper-fedbn``."""
        target = target.removeprefix("#")
        for prefix in ("paper.", "paper-"):
            if target.startswith(prefix) and target[len(prefix):] in self.papers:
                return target[len(prefix):]
        return target if target in self.papers else None

    def _reference(self, builder, fromdocname, node, contnode, paper_id: str) -> nodes.reference:
        docname, title = self.papers[paper_id]
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

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for paper_id, (docname, title) in self.papers.items():
            yield object_name(paper_id), title, "paper", docname, anchor(paper_id), SEARCH_PRIORITY
