"""Synthetic but realistic paper lists for the benchmark: valid data files of any size.

Titles are built from the field's own vocabulary, venues are the list's real
venues, about 70% of papers have code, years spread over a decade. The same
seed gives the same file.
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
        "Electronic Health Records", "Clinical Notes", "Mammograms", "Prostate MRI", "Skin Lesion Images"]
SETTINGS = ["Across Hospitals", "in Cross-silo Settings", "with Heterogeneous Clients",
            "under Differential Privacy", "at Scale", "in Low-resource Sites"]


def generate(count: int, *, venues: dict, tags: dict, seed: int = 7, first_year: int = 2016) -> dict:
    rng = random.Random(seed)
    venue_keys = sorted(venues)
    tag_keys = sorted(tags)
    papers = []
    for index in range(count):
        name = rng.choice(METHODS) + rng.choice(SUFFIXES) + (str(rng.randint(2, 30)) if rng.random() < .3 else "")
        task, data, problem = rng.choice(TASKS), rng.choice(DATA), rng.choice(PROBLEMS)
        # title shapes mixed so lengths match the real list (mean ~90 characters)
        title = rng.choice([
            f"{name}: Federated {task} of {data}",
            f"{name}: {rng.choice(VERBS)} Federated {task} for {problem}",
            f"{name}: {rng.choice(VERBS)} Federated {task} of {data} for {problem}",
            f"Federated {task} of {data} {rng.choice(SETTINGS)}",
            f"{rng.choice(VERBS)} Federated {task} of {data} for {problem} {rng.choice(SETTINGS)}",
            f"{name}: {rng.choice(VERBS)} Federated {task} of {data} for {problem} {rng.choice(SETTINGS)}",
        ])
        paper = {
            "id": f"{name.lower()}-{index}",
            "title": f"{title} ({index})",  # titles must be unique
            "year": first_year + index % 10,
        }
        if rng.random() < .85:
            paper["venue"] = rng.choice(venue_keys)
        paper["url"] = f"https://arxiv.org/abs/{2000 + index // 10000}.{index % 100000:05d}"
        if rng.random() < .7:
            paper["code"] = f"https://github.com/lab{rng.randint(1, 400)}/{name}"
        paper["tags"] = rng.sample(tag_keys, rng.randint(1, 3))
        papers.append(paper)
    papers.sort(key=lambda p: -p["year"])
    return {"$schema": "./papers.schema.json", "venues": venues, "tags": tags, "papers": papers}


def write(count: int, path: Path, real_data: Path) -> dict:
    real = json.loads(real_data.read_text(encoding="utf-8"))
    doc = generate(count, venues=real["venues"], tags=real["tags"])
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return doc
