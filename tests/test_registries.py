"""Reading the registries' records: pure functions, on recorded answers wherever one exists."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from papers.data.ids import method_name, readable_id
from papers.data.keys import slug
from papers.data.model import Venue
from papers.data.sources import dumps_sources, with_entry
from papers.registry.arxiv import record_from_feed
from papers.registry.crossref import record_from_work, venue_titles, work_year
from papers.registry.http import HttpSettings, RegistryClient, RegistryError, SettingsError, cache_folder
from papers.registry.identifiers import bare_arxiv_id, parse_identifier
from papers.registry.text import plain_text, repair_mojibake
from papers.registry.venues import match_venue, suggested_entry, suggested_key

from conftest import ROOT
from registry_server import RECORDINGS


def work(name: str) -> dict:
    body = json.loads((RECORDINGS / name).read_text(encoding="utf-8"))
    return body.get("message", body)


NRMP = work("crossref_journal-article_accents_10.1038_s43586-021-00024-3.json")
ACS = work("crossref_journal-article_acs_suffix_10.1021_acs.orglett.7b03845.json")
ICCV = work("crossref_proceedings-article_ieee_10.1109_iccv.2007.4408927.json")
ACTA = work("crossref_work-record_has-preprint_10.5506_aphyspolb.56.3-a7.json")
NATURE = work("crossref_journal-article_nature_10.1038_d41586-020-02761-z.json")
CHAPTER = work("crossref_book-chapter_10.1007_978-3-662-46370-3_13.json")


# --- identifiers ------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "kind", "value"), [
    ("10.1109/TMI.2023.3239391", "doi", "10.1109/TMI.2023.3239391"),
    ("doi:10.1109/TMI.2023.3239391", "doi", "10.1109/TMI.2023.3239391"),
    ("https://doi.org/10.1007/978-3-031-43987-2_72", "doi", "10.1007/978-3-031-43987-2_72"),
    ("http://dx.doi.org/10.1002/(SICI)1097-0258(19980815/30)17:15/16%3C1661::AID-SIM968%3E3.0.CO;2-2", "doi",
     "10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2"),
    ("2102.07623", "arxiv", "2102.07623"),
    ("arXiv:2102.07623v2", "arxiv", "2102.07623"),
    ("https://arxiv.org/abs/2102.07623v1", "arxiv", "2102.07623"),
    ("https://arxiv.org/pdf/2102.07623v1.pdf", "arxiv", "2102.07623"),
    ("cs/0112017", "arxiv", "cs/0112017"),
    ("math.gt/0309136v1", "arxiv", "math.GT/0309136"),
    ("10.48550/arXiv.2102.07623", "arxiv", "2102.07623"),  # arXiv's own DOI names the preprint
])
def test_identifiers_in_every_form_a_maintainer_types(given, kind, value):
    identifier = parse_identifier(given)
    assert (identifier.kind, identifier.value) == (kind, value)


@pytest.mark.parametrize("given", ["abc", "10.1109", "https://example.org/10.1109/x", "arXiv:21.076"])
def test_anything_else_is_refused(given):
    with pytest.raises(ValueError, match="is neither a DOI"):
        parse_identifier(given)


def test_crossrefs_preprint_relation_names_an_arxiv_id():
    assert record_from_work(ACTA, "u").arxiv == "2503.12208"  # {"id-type": "arxiv", "id": "2503.12208"}
    assert bare_arxiv_id("10.48550/arXiv.2503.12208") == "2503.12208"


# --- markup -----------------------------------------------------------------------------

def test_markup_in_a_real_record_is_dropped():
    """Acta Physica Polonica B's deposit: JATS tags, and <span> escaped once more (&lt;span&gt;)."""
    text = plain_text(ACTA["abstract"])
    assert "<" not in text and "jats" not in text and "&" not in text
    assert "This includes: (i) twist-2 parton distributions and momentum sum rule; (ii) twist-3" in text
    assert "quark–gluon" in text and "  " not in text
    assert text.endswith("beyond instantons. Abstract Published by the Jagiellonian University 2025 authors")


@pytest.mark.parametrize(("deposited", "plain"), [
    # the kinds of markup the issue names; no recorded title with markup was found (tests/recordings/PROVENANCE.md)
    ("Gene expression of <i>Escherichia coli</i>", "Gene expression of Escherichia coli"),
    ("CO<sub>2</sub> and T<sup>2</sup>-weighted MRI", "CO2 and T2-weighted MRI"),
    ("<scp>FedBN</scp>: local batch normalization", "FedBN: local batch normalization"),
    ("Yb<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">\n  <mml:msub>\n    <mml:mi>T</mml:mi>\n"
     "    <mml:mn>3</mml:mn>\n  </mml:msub>\n</mml:math> compounds", "YbT3 compounds"),
    ("Risk &amp; reward at p &lt; 0.05", "Risk & reward at p < 0.05"),
    ("&lt;i&gt;In vivo&lt;/i&gt;\n  imaging", "In vivo imaging"),
    ("A title\n  on two lines", "A title on two lines"),
])
def test_markup_becomes_plain_text(deposited, plain):
    assert plain_text(deposited) == plain


def test_mis_encoded_names_are_repaired_and_good_ones_left_alone():
    assert repair_mojibake("Dirk WÃ¼bben") == "Dirk Wübben"
    for name in ("Ēriks Kupče", "Zoë Ødegaard-Müller", "João Ã Silva", "Ã"):
        assert repair_mojibake(name) == name


# --- fields from records ----------------------------------------------------------------

def test_the_year_is_the_issues():
    assert work_year(ACS) == 2018  # online 2017-12-20, issue 2018-01-05
    assert work_year(NRMP) == 2021
    assert work_year(ACTA) == 2025  # issue only online: 2025-03


def test_authors_in_order_given_name_first():
    assert record_from_work(ACS, "u").authors == ("Amos B. Smith III",)
    assert record_from_work(NATURE, "u").authors == ("Sheherazade", "Ardiantiono")  # family names only
    assert record_from_work(NRMP, "u").authors[0] == "Ēriks Kupče"


def test_a_chapters_venue_is_its_volume_not_its_series():
    """Container titles as Springer deposits LNCS chapters (the names from the issue; no LNCS record was found)."""
    names, label = venue_titles({"container-title": [
        "Lecture Notes in Computer Science",
        "Medical Image Computing and Computer Assisted Intervention – MICCAI 2023"]})
    assert label == "Medical Image Computing and Computer Assisted Intervention – MICCAI 2023"
    assert names[0] == label and "Lecture Notes in Computer Science" in names
    assert venue_titles(CHAPTER)[1] == "Shoulder Stiffness"
    record = record_from_work(CHAPTER, "u")
    assert (record.kind, record.notes) == (
        "conference", ("a book chapter whose book does not say it is proceedings: check the kind",))


def test_arxiv_records_in_both_formats():
    old = record_from_feed((RECORDINGS / "arxiv_1111.2011v2_doi_journalref.xml").read_bytes(), "1111.2011", "u")
    new = record_from_feed((RECORDINGS / "arxiv_1605.08386_preprint_only.xml").read_bytes(), "1605.08386", "u")
    assert (old.year, old.published_doi, old.journal_ref) == (2011, "10.1103/PhysRevB.85.115117",
                                                              "Phys. Rev. B 85, 115117 (2012)")
    assert old.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert (new.year, new.published_doi, new.kind, new.venue_names) == (2016, None, "preprint", ())


def test_arxivs_error_entry_is_its_message():
    body = (RECORDINGS / "arxiv_error_malformed_id_abc.xml").read_bytes()
    with pytest.raises(RegistryError, match="^arXiv says: incorrect id format for abc$"):
        record_from_feed(body, "abc", "u")


# --- venues and ids -----------------------------------------------------------------------

VENUES = {
    "MICCAI": Venue("MICCAI", "International Conference on Medical Image Computing and Computer-Assisted "
                    "Intervention", "conference",
                    ("Medical Image Computing and Computer Assisted Intervention – MICCAI 2023",)),
    "TMI": Venue("TMI", "IEEE Transactions on Medical Imaging", "journal", ("0278-0062",)),
}


@pytest.mark.parametrize(("names", "key"), [
    (["Medical Image Computing and Computer Assisted Intervention – MICCAI 2019"], "MICCAI"),  # any year
    (["Lecture Notes in Computer Science", "MICCAI 2024"], "MICCAI"),  # the key itself
    (["IEEE TRANSACTIONS ON MEDICAL IMAGING"], "TMI"),
    (["The IEEE Transactions on Medical Imaging"], "TMI"),
    (["1558-254X", "0278-0062"], "TMI"),  # an ISSN
    (["Medical Imaging"], None),  # nothing guessed
])
def test_registry_venue_names_match_keys_names_and_aliases(names, key):
    assert match_venue(names, VENUES) == key


def test_a_suggested_venue_entry():
    iccv = record_from_work(ICCV, "u")
    assert suggested_key(iccv, {}) == "ICCV"
    assert suggested_entry(iccv) == {"name": "IEEE International Conference on Computer Vision", "kind": "conference",
                                     "aliases": ["2007 IEEE 11th International Conference on Computer Vision"]}
    assert suggested_key(record_from_work(ACTA, "u"), {}) == "Acta Phys. Pol. B"
    assert suggested_key(record_from_work(NATURE, "u"), {}) == "Nature"
    assert suggested_entry(record_from_work(NATURE, "u"))["aliases"] == ["Nature", "0028-0836", "1476-4687"]


@pytest.mark.parametrize(("title", "name"), [
    ("FedBN: Federated Learning on Non-IID Features via Local Batch Normalization", "FedBN"),
    ("Auto-FedRL: Federated Hyperparameter Optimization", "Auto-FedRL"),
    ("nnU-Net: a self-configuring method", "nnU-Net"),
    ("Attention science: some people have only one name", None),  # Nature's recorded title
    ("Proceedings of Workshop AEW10: Concepts in Information Theory", None),
    ("No colon at all", None),
])
def test_a_method_name_is_the_part_before_a_colon_that_looks_like_one(title, name):
    assert method_name(title) == name


def test_readable_ids():
    assert readable_id("FedBN: Local Batch Normalization", "Xiaoxiao Li", 2021, set()) == "fedbn"
    assert readable_id("FedBN: Local Batch Normalization", "Xiaoxiao Li", 2021, {"fedbn"}) == "fedbn-2"
    assert readable_id("A study", "Ēriks Kupče", 2021, {"kupce-2021", "kupce-2021-2"}) == "kupce-2021-3"
    assert readable_id("A study", "Amos B. Smith III", 2018, set()) == "smith-2018"
    assert slug("Zoë Ødegaard-Müller") == "zoe-odegaard-muller"


# --- data/sources.json ----------------------------------------------------------------------

def test_the_sources_file_is_written_as_it_is_kept():
    text = (ROOT / "data" / "sources.json").read_text(encoding="utf-8")
    assert dumps_sources(json.loads(text)) == text


def test_a_new_sources_entry_follows_the_papers_order():
    doc = {"papers": {"a": {"facts": [], "notes": ""}, "c": {"facts": [], "notes": ""}}}
    assert list(with_entry(doc, "b", [], "", "a")["papers"]) == ["a", "b", "c"]
    assert list(with_entry(doc, "z", [], "", None)["papers"]) == ["z", "a", "c"]
    assert with_entry(doc, "a", [{"fields": ["doi"], "source": "s"}], "More.", None)["papers"]["a"] == {
        "facts": [{"fields": ["doi"], "source": "s"}], "notes": "More."}


# --- the client, in process -----------------------------------------------------------------

def test_settings_come_from_the_environment(tmp_path):
    settings = HttpSettings.from_env({"PAPERS_HTTP_TIMEOUT": "2.5", "PAPERS_HTTP_TRIES": "5",
                                      "PAPERS_CONTACT": " me@example.org ", "PAPERS_CACHE": str(tmp_path)})
    assert (settings.timeout, settings.tries, settings.contact, settings.cache) == (2.5, 5, "me@example.org", tmp_path)
    assert cache_folder({"XDG_CACHE_HOME": "/x"}) == Path("/x/papers")
    assert cache_folder({"PAPERS_CACHE": "off"}) is None
    with pytest.raises(SettingsError, match="PAPERS_HTTP_TRIES must be a whole number of tries"):
        HttpSettings.from_env({"PAPERS_HTTP_TRIES": "2.5"})


def test_the_client_paces_its_requests(registry):
    client = RegistryClient(HttpSettings(rate=5, backoff=0.01))
    start = time.monotonic()
    for doi in ("10.1038/s43586-021-00024-3", "10.1021/acs.orglett.7b03845", "10.1038/d41586-020-02761-z"):
        assert client.get(f"{registry.url}/works/{doi}", "Crossref").status == 200
    assert time.monotonic() - start >= 0.4  # three requests at most five a second
    assert "mailto" not in registry.requests[0][1]  # no contact given, none claimed


def test_a_doi_is_one_path_in_the_registry_address():
    """Old Wiley DOIs hold < > ; and a DOI may hold # or ?, which would end the path."""
    from papers.registry.crossref import work_url

    assert work_url("10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2",
                    {"PAPERS_CROSSREF_API": "http://mirror/"}) == (
        "http://mirror/works/10.1002/(SICI)1097-0258(19980815/30)17:15/16%3C1661::AID-SIM968%3E3.0.CO;2-2")
    assert work_url("10.1000/a#b?c", {}) == "https://api.crossref.org/works/10.1000/a%23b%3Fc"
