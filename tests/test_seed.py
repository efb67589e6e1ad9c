"""The seed list's 13 papers stay exactly as the original README had them."""

from __future__ import annotations

import pytest

from papers.data.loading import load_catalog

from conftest import DATA, ROOT, SCHEMA

# (year, number, title, paper link, venue, code link) as in the seed README;
# whitespace in titles collapsed, an empty code link meaning "no code"
SEED = [
    (2023, 1, "Unifying and Personalizing Weakly-supervised Federated Medical Image Segmentation via "
              "Adaptive Representation and Aggregation",
     "https://arxiv.org/abs/2304.05635", None, "https://github.com/llmir/FedICRA"),
    (2023, 2, "FedDM: Federated Weakly Supervised Segmentation via Annotation Calibration and Gradient "
              "De-conflicting",
     "https://ieeexplore.ieee.org/abstract/document/10013742", "TMI", "https://github.com/CityU-AIM-Group/FedDM"),
    (2023, 3, "Scale Federated Learning for Label Set Mismatch in Medical Image Classification",
     "https://arxiv.org/pdf/2304.06931.pdf", None, None),
    (2023, 4, "Federated Alternate Training (FAT): Leveraging Unannotated Data Silos in Federated "
              "Segmentation for Medical Imaging",
     "https://arxiv.org/pdf/2304.09327.pdf", "ISBI", None),
    (2022, 1, "Personalized Retrogress-Resilient Federated Learning Towards Imbalanced Medical Data",
     "https://ieeexplore.ieee.org/abstract/document/9832948", "TMI",
     "https://github.com/CityU-AIM-Group/PRR-Imbalance"),
    (2022, 2, "Closing the Generalization Gap of Cross-silo Federated Medical Image Segmentation",
     "https://arxiv.org/pdf/2203.10144.pdf", "CVPR", "https://github.com/NVIDIA/NVFlare/tree/dev/research/fed-sm"),
    (2022, 3, "Auto-FedRL: Federated Hyperparameter Optimization for Multi-institutional Medical Image "
              "Segmentation",
     "https://arxiv.org/pdf/2203.06338.pdf", "ECCV", "https://github.com/guopengf/Auto-FedRL"),
    (2022, 4, "Personalizing Federated Medical Image Segmentation via Local Calibration",
     "https://arxiv.org/pdf/2207.04655.pdf", "ECCV", "https://github.com/jcwang123/FedLC"),
    (2022, 5, "HarmoFL: Harmonizing Local and Global Drifts in Federated Learning on Heterogeneous "
              "Medical Images",
     "https://arxiv.org/pdf/2112.10775.pdf", "AAAI", "https://github.com/med-air/HarmoFL"),
    (2021, 1, "Personalized Retrogress-Resilient Framework for Real-World Medical Federated Learning",
     "https://link.springer.com/chapter/10.1007/978-3-030-87199-4_33", "MICCAI",
     "https://github.com/CityU-AIM-Group/PRR-FL"),
    (2021, 2, "FedDG: Federated Domain Generalization on Medical Image Segmentation via Episodic "
              "Learning in Continuous Frequency Space",
     "https://arxiv.org/pdf/2103.06030.pdf", "CVPR", "https://github.com/liuquande/FedDG-ELCFS"),
    (2021, 3, "FLOP: Federated Learning on Medical Datasets using Partial Networks",
     "https://arxiv.org/pdf/2102.05218.pdf", "KDD", "https://github.com/jianyizhang123/FLOP"),
    (2021, 4, "FedBN: Federated Learning on Non-IID Features via Local Batch Normalization",
     "https://openreview.net/pdf?id=6YEQUn0QICG", "ICLR", "https://github.com/med-air/FedBN"),
]
SEED_VENUES = {"TMI", "CVPR", "ECCV", "AAAI", "MICCAI", "KDD", "ICLR", "ISBI"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA, SCHEMA)


def test_seed_papers_come_first_in_their_years_in_seed_order(catalog):
    for year in (2023, 2022, 2021):
        seed = [row[2:] for row in SEED if row[0] == year]
        listed = [(p.title, p.url, p.venue, p.code) for p in catalog.papers if p.year == year]
        assert listed[: len(seed)] == seed, year


def test_seed_numbers_are_positions_in_their_year(catalog):
    by_title = {p.title: p for p in catalog.papers}
    assert [(by_title[t].year, by_title[t].number) for _, _, t, *_ in SEED] == [r[:2] for r in SEED]


def test_seed_venues_are_declared(catalog):
    assert SEED_VENUES <= set(catalog.venues)
    assert catalog.venues["TMI"].name == "IEEE Transactions on Medical Imaging"


def test_every_paper_has_a_tag():
    """The list's rule, as `nox -s check` says it (`--require tags`): the check's own code decides."""
    from papers.commands.check import findings

    assert [str(f) for f in findings(DATA, SCHEMA, require=("tags",)) if "requires it of every paper" in f.what] == []


def test_every_fact_of_every_paper_names_its_source():
    """data/sources.json names where each field of each paper was read: `check`'s rule, its own code."""
    from papers.commands.check import findings

    sources = ROOT / "data" / "sources.json"
    found = [f for f in findings(DATA, SCHEMA, sources=sources) if f.kind == "problem"]
    assert [str(f) for f in found if "sources.json" in f.what or "sources.json" in f.where] == []
