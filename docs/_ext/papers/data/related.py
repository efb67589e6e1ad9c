"""Related papers: for each paper, the few of the list closest in words and tags, and its authors' others.

Closeness is the dot product of TF-IDF vectors of a paper's title and summary
(or abstract), normalised, over the paper's most telling words, plus a share
for the tags two papers have in common. It stays cheap at 10,000 papers
because nothing is compared pair by pair: scores are summed along the lists of
papers that use each of those words (an inverted index), and a word used by
more than `MAX_POSTING` papers tells nothing of a paper's neighbours, so the
work per paper is bounded whatever the list's size.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping

from .model import Catalog, Paper

#: Words that say nothing of a paper's subject, in this field or any.
STOPWORDS = frozenset("""
a about above across after again against all also although among an and any are as at be because been before
being below between both but by can could did do does doing down during each either few for from further had has
have having how however if in into is it its itself just may might more most much must no nor not of off on once
one only or other our out over own per same several should so some such than that the their them then there these
they this those through to too two under until up upon us using use used via was we were what when where whether
which while who whom why will with within without would yet
federated learning fl model models method methods approach paper propose proposed proposes show shows study
studies data results based new medical across clients client
""".split())
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: A tag in common is worth this much of a perfect textual match.
TAG_WEIGHT = 0.15
#: A paper looks for candidates through its this many most telling words ...
TOP_WORDS = 12
#: ... each used by at most this many papers.
MAX_POSTING = 40


def _words(text: str) -> list[str]:
    folded = text.lower() if text.isascii() else \
        unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return [w for w in _WORD.findall(folded) if len(w) > 2 and w not in STOPWORDS and not w.isdigit()]


def _text(paper: Paper) -> str:
    return " ".join(filter(None, (paper.title, paper.title, paper.summary or paper.abstract or "")))


def related(catalog: Catalog, count: int = 5) -> dict[str, tuple[str, ...]]:
    """Paper id -> the ids of up to `count` papers most like it, most alike first (ties: the list's order)."""
    papers = catalog.papers
    n = len(papers)
    counted = [Counter(_words(_text(paper))) for paper in papers]
    frequency: Counter[str] = Counter()
    for counts in counted:
        frequency.update(counts.keys())
    vectors: list[dict[str, float]] = []
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, counts in enumerate(counted):
        weighted = {w: (1 + math.log(c)) * math.log(1 + n / frequency[w]) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        vector = {w: v / norm for w, v in weighted.items()}
        vectors.append(vector)
        for word, value in vector.items():
            if frequency[word] <= MAX_POSTING:
                postings[word].append((index, value))
    by_tag: dict[str, list[int]] = defaultdict(list)
    for index, paper in enumerate(papers):
        for tag in paper.tags:
            by_tag[tag].append(index)
    out: dict[str, tuple[str, ...]] = {}
    for index, paper in enumerate(papers):
        vector = vectors[index]
        telling = sorted((w for w in vector if frequency[w] <= MAX_POSTING), key=vector.__getitem__,
                         reverse=True)[:TOP_WORDS]
        # the dot product over the telling words, summed along their postings: no vector is walked whole
        scores: dict[int, float] = defaultdict(float)
        for word in telling:
            value = vector[word]
            for other, weight in postings[word]:
                scores[other] += value * weight
        if len(scores) <= count:  # few words in common: papers that share its rarest tag
            for tag in sorted(paper.tags, key=lambda t: len(by_tag[t])):
                for other in by_tag[tag][:MAX_POSTING]:
                    scores.setdefault(other, 0.0)
        scores.pop(index, None)
        tags = set(paper.tags)
        scored = []
        for other, words in scores.items():
            shared = len(tags.intersection(papers[other].tags)) if tags else 0
            score = words + (TAG_WEIGHT * shared / len(tags) if shared else 0.0)
            if score > 0:
                scored.append((-score, other))
        scored.sort()
        out[paper.id] = tuple(papers[other].id for _, other in scored[:count])
    return out


def by_authors(catalog: Catalog, count: int = 5) -> dict[str, tuple[str, ...]]:
    """Paper id -> up to `count` other papers of the list sharing an author, newest first."""
    by_name: Mapping[str, list[int]] = defaultdict(list)
    for index, paper in enumerate(catalog.papers):
        for name in paper.authors:
            by_name[name].append(index)
    out = {}
    for index, paper in enumerate(catalog.papers):
        others: dict[int, None] = {}
        for name in paper.authors:  # each author's newest papers: enough to fill the list, whatever their count
            if len(by_name[name]) > 1:
                others.update(dict.fromkeys(i for i in by_name[name][:count + 1] if i != index))
        out[paper.id] = tuple(catalog.papers[i].id for i in sorted(others)[:count])
    return out
