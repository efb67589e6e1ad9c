"""Synthetic paper lists that look like real ones: valid data files of any size.

Made up, and only for benchmarks and tests: no entry is a real paper. What they
copy from real lists is their shape: titles from the field's own vocabulary, as
long as the real list's on average, some with LaTeX markup, apostrophes (straight
and typographic), quotes and accented letters; the list's real venues plus the
venue labels of a large public list (DEEM@SIGMOD, MobiCom (Poster), ISO 4 journal
abbreviations); about 70% of papers with code; authors (when asked for) about six
a paper with a long tail past 100, accented and hyphenated names. The same seed
gives the same file.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

METHODS = ["Fed", "Harmo", "Perso", "Robust", "Fair", "Secure", "Adapt", "Proto", "Dist", "Cal"]
SUFFIXES = ["BN", "Avg", "Prox", "DG", "Seg", "Net", "Match", "Rep", "Mix", "Lite"]
VERBS = ["Personalizing", "Harmonizing", "Calibrating", "Distilling", "Aligning", "Scaling",
         "Decoupling", "Regularizing", "Benchmarking", "Rethinking"]
PROBLEMS = ["Non-IID Features", "Label Set Mismatch", "Partially Annotated Data", "Class Imbalance",
            "Domain Shift", "Noisy Labels", "Missing Modalities", "Unreliable Clients",
            "Gradient Inversion Attacks", "Communication Budgets"]
TASKS = ["Segmentation", "Classification", "Reconstruction", "Survival Prediction", "Detection",
         "Report Generation", "Registration", "Outcome Prediction"]
DATA = ["Brain MRI", "Chest X-rays", "Abdominal CT", "Whole Slide Images", "Retinal Fundus Images",
        "Electronic Health Records", "Clinical Notes", "Mammograms", "Prostate MRI", "Skin Lesion Images",
        "Parkinson\u2019s Disease Gait Data", "Alzheimer's Disease PET", "Sjögren\u2019s Syndrome Records",
        "Électrocardiogrammes"]
SETTINGS = ["Across Hospitals", "in Cross-silo Settings", "with Heterogeneous Clients",
            "under Differential Privacy", "at Scale", "in Low-resource Sites", "\u201cIn the Wild\u201d"]
#: Titles as real lists hold them: a few start with markup or punctuation
MARKED = ["$\\texttt{{{name}}}$: Federated {task} of {data}", "(FL)$^2$: {verb} Federated {task}",
          "\u201c{name}\u201d: When Federated {task} Meets {problem}", "{name}++: Federated {task} at Scale"]

#: Venue labels as a large public list writes them (keys that stress the key rules)
EXTRA_VENUES = {
    "DEEM@SIGMOD": ("Workshop on Data Management for End-to-End Machine Learning at SIGMOD", "workshop"),
    "MobiCom (Poster)": ("ACM International Conference on Mobile Computing and Networking, posters", "conference"),
    "ISPA/BDCloud/SocialCom/SustainCom": ("IEEE ISPA/BDCloud/SocialCom/SustainCom joint conference", "conference"),
    "IEEE Trans. Neural Netw. Learn. Syst.": ("IEEE Transactions on Neural Networks and Learning Systems", "journal"),
    "IEEE/ACM Trans. Comput. Biol. Bioinform.": (
        "IEEE/ACM Transactions on Computational Biology and Bioinformatics", "journal"),
    "NeurIPS Workshop": ("Workshop held at the Conference on Neural Information Processing Systems", "workshop"),
    "FL-ICML": ("International Workshop on Federated Learning for User Privacy and Data Confidentiality "
                "in Conjunction with ICML", "workshop"),
    "J. Biomed. Inform.": ("Journal of Biomedical Informatics", "journal"),
    "Proc. AAAI Conf. Artif. Intell.": ("Proceedings of the AAAI Conference on Artificial Intelligence", "conference"),
    "arXiv": ("arXiv preprint", "preprint"),
}

GIVEN = ["Xiaoxiao", "Meirui", "Quande", "Henrik A.", "Dong", "Ziyue", "Anne-Marie", "Jean-Baptiste", "José",
         "Zoë", "Søren", "Łukasz", "Ólafur", "Chen", "Yuyin", "Spyridon", "Jayashree", "Ece", "Nicola", "Björn",
         "Mei-Ling", "Hao", "Ryo", "Aditi", "Oluwaseun", "Marie", "François", "Žiga", "Ana Luísa", "Qi"]
FAMILY = ["Li", "Jiang", "Liu", "Roth", "Yang", "Xu", "Dou", "Heng", "Bakas", "Kalpathy-Cramer", "Özkan",
          "Müller", "García-López", "Nguyen", "Kowalski", "Þórsson", "Andrés", "Dubois", "Ødegaard", "Chen",
          "Wang", "van der Berg", "O'Neil", "Ben-David", "Schölkopf", "Zhou", "Tanaka", "Novák", "Silva", "Kamp"]


def author_count(rng: random.Random) -> int:
    """About six a paper on average, most between two and ten, one in 400 a consortium of 100+."""
    if rng.random() < 0.0025:
        return rng.randint(100, 300)
    return max(1, min(30, round(rng.lognormvariate(1.6, 0.45))))


def make_title(rng: random.Random, name: str) -> str:
    task, data, problem, verb = rng.choice(TASKS), rng.choice(DATA), rng.choice(PROBLEMS), rng.choice(VERBS)
    if rng.random() < 0.04:
        return rng.choice(MARKED).format(name=name, task=task, data=data, problem=problem, verb=verb)
    # title shapes mixed so lengths match the real list (mean ~90 characters)
    return rng.choice([
        f"{name}: Federated {task} of {data}",
        f"{name}: {verb} Federated {task} for {problem}",
        f"{name}: {verb} Federated {task} of {data} for {problem}",
        f"Federated {task} of {data} {rng.choice(SETTINGS)}",
        f"{verb} Federated {task} of {data} for {problem} {rng.choice(SETTINGS)}",
        f"{name}: {verb} Federated {task} of {data} for {problem} {rng.choice(SETTINGS)}",
    ])


#: Words of made-up summaries and the facets of made-up studies: the shape of the real list's
DEPLOYMENTS = ["simulated"] * 6 + ["real", "both", None, None]
PRIVACY = ["differential-privacy", "secure-aggregation", "homomorphic-encryption"]


def make_summary(rng: random.Random, name: str) -> str:
    """Three sentences, about 450 characters, made of the field's words: the length real summaries have."""
    task, data, problem, verb = rng.choice(TASKS), rng.choice(DATA), rng.choice(PROBLEMS), rng.choice(VERBS)
    return (f"Studies federated {task.lower()} of {data.lower()} when sites face {problem.lower()}. "
            f"{name} works by {verb.lower()} the shared model {rng.choice(SETTINGS).lower()}, keeping each "
            f"site's data where it is and exchanging only model updates. On {rng.randint(2, 40)} clients it "
            f"improves on federated averaging by {rng.randint(1, 12)} points of "
            f"{rng.choice(['Dice', 'AUC', 'accuracy'])}.")


def make_study(rng: random.Random, datasets: list[str], frameworks: list[str]) -> dict:
    return {"deployment": rng.choice(DEPLOYMENTS), "sites": rng.choice([None, rng.randint(2, 80)]),
            "privacy": rng.sample(PRIVACY, rng.choice([0, 0, 0, 1])),
            "framework": rng.choice([None, None, *frameworks]) if frameworks else None,
            "datasets": rng.sample(datasets, min(len(datasets), rng.randint(0, 3)))}


def generate(count: int, *, venues: dict, tags: dict, seed: int = 7, first_year: int = 2016,
             authors: bool = True, datasets: dict | None = None, frameworks: dict | None = None) -> dict:
    """`count` papers; with `datasets` and `frameworks` (vocabularies), each with a summary and a study."""
    rng = random.Random(seed)
    venues = {**venues, **{k: {"name": n, "kind": kind} for k, (n, kind) in EXTRA_VENUES.items()}}
    venue_keys = sorted(venues)
    tag_keys = sorted(tags)
    papers = []
    for index in range(count):
        name = rng.choice(METHODS) + rng.choice(SUFFIXES) + (str(rng.randint(2, 30)) if rng.random() < .3 else "")
        paper = {
            "id": f"{name.lower()}-{index}",
            "title": f"{make_title(rng, name)} ({index})",  # titles must be unique
            "year": first_year + index % 10,
            "added": f"2026-{1 + index % 11:02d}-{1 + index % 28:02d}",
        }
        if authors:
            paper["authors"] = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(author_count(rng))]
        if rng.random() < .85:
            paper["venue"] = rng.choice(venue_keys)
        paper["url"] = f"https://arxiv.org/abs/{2000 + index // 10000}.{index % 100000:05d}"
        if rng.random() < .7:
            paper["code"] = f"https://github.com/lab{rng.randint(1, 400)}/{name}"
        paper["tags"] = rng.sample(tag_keys, rng.randint(1, 3))
        if datasets is not None:
            paper["summary"] = make_summary(rng, name)
            paper["study"] = make_study(rng, sorted(datasets), sorted(frameworks or {}))
        papers.append(paper)
    papers.sort(key=lambda p: -p["year"])
    doc = {"$schema": "./papers.schema.json", "venues": venues, "tags": tags}
    if datasets is not None:
        doc["frameworks"], doc["datasets"] = frameworks or {}, datasets
    return {**doc, "papers": papers}


def write(count: int, path: Path, real_data: Path, studies: bool = True, **options) -> dict:
    """A list of `count` papers with the real list's venues and tags (and, with `studies`, its datasets and
    frameworks, and made-up summaries and studies), written to `path`."""
    real = json.loads(real_data.read_text(encoding="utf-8"))
    if studies:
        options.setdefault("datasets", real.get("datasets", {}))
        options.setdefault("frameworks", real.get("frameworks", {}))
    doc = generate(count, venues=real["venues"], tags=real["tags"], **options)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return doc
