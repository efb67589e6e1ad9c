"""Our reading of Read the Docs' search indexing rules (tests/rtd_index.py), one small page per rule."""

from __future__ import annotations

import pytest

from conftest import ROOT
from rtd_index import (
    MAX_CONTENT,
    MAX_SECTIONS,
    SCORE_FACTOR,
    Section,
    ignored,
    index_page,
    index_site,
    rank,
    read_config,
    read_page,
)


def sections(html: str) -> dict[str, Section]:
    found = index_page(html, "page.html")
    assert len({s.id for s in found}) == len(found), [s.id for s in found]
    return {s.id: s for s in found}


def every_word(html: str) -> str:
    page = read_page(html, "page.html")
    return " ".join([page.title] + [f"{s.title} {s.content}" for s in page.sections])


# -- the main content


def test_an_element_with_role_main_is_the_main_content_before_a_main_element():
    html = ('<body><div>outside</div><main>the main element</main>'
            '<div role="main"><h1 id="t">Title</h1><p>inside</p></div><footer>footer</footer></body>')
    assert index_page(html) == [Section("t", "Title", "inside")]


def test_without_role_main_the_main_element_is_the_main_content():
    html = '<body><div>outside</div><main><h1 id="t">Title</h1><p>inside</p></main><footer>f</footer></body>'
    assert index_page(html) == [Section("t", "Title", "inside")]


def test_without_either_the_first_h1s_parent_is_the_main_content():
    html = ('<body><div>outside</div><div id="parent"><h1>First</h1><p>one</p><h2>Second</h2><p>two</p></div>'
            '<div><h1>Later</h1></div></body>')
    assert every_word(html) == "First First one Second two"
    assert index_page(html)[0].id == "parent"  # an h1 without an id takes its parent's


def test_an_h1_in_a_header_makes_the_headers_parent_the_main_content():
    html = '<body><p>outside</p><div><header><h1>Title</h1></header><p>after the header</p></div></body>'
    assert index_page(html) == [Section("", "Title", "after the header")]


def test_a_page_without_headings_is_all_body_under_its_title_tag():
    html = '<html><head><title>Tab title</title></head><body><p>first</p><div>second</div></body></html>'
    page = read_page(html, "dir/page.html")
    assert page.title == "Tab title"
    assert page.sections == [Section("", "Tab title", "first second")]
    # with no <title> either, the page's path stands for it
    assert read_page("<p>words</p>", "dir/page.html").title == "dir/page.html"


# -- what is removed


@pytest.mark.parametrize("irrelevant", [
    "<nav>gone</nav>",
    '<div role="navigation">gone</div>',
    '<form role="search">gone</form>',
    '<p>kept <a class="headerlink" href="#t">gone</a></p>',
    '<table><tr><td class="linenos">gone</td></tr></table>',
    '<pre><span class="lineno">gone</span>kept</pre>',
    '<div class="toctree-wrapper compound"><ul><li>gone</li></ul></div>',
    "<script>gone()</script>",
    "<style>gone {}</style>",
    "<template><p>gone</p></template>",
    "<noscript>gone</noscript>",
])
def test_navigation_permalinks_line_numbers_toctrees_and_scripts_are_not_indexed(irrelevant):
    words = every_word(f'<div role="main"><h1 id="t">Title</h1><p>kept</p>{irrelevant}'
                       f'<dl><dt id="d">term</dt><dd>kept {irrelevant}</dd></dl></div>')
    assert "kept" in words
    assert "gone" not in words


def test_a_heading_is_titled_without_its_permalink():
    html = '<main><h2 id="s">Section<a class="headerlink" href="#s">¶</a></h2><p>text</p></main>'
    assert index_page(html) == [Section("s", "Section", "text")]


def test_the_page_title_is_the_first_h1_left_after_removals():
    html = '<main><nav><h1>Menu</h1></nav><h2>Sub</h2><h1>Real title</h1></main>'
    assert read_page(html).title == "Real title"


# -- definition lists


def test_each_term_with_an_id_is_a_section_holding_its_definition():
    html = ('<main><dl><dt id="a">Alpha</dt><dt id="b">Beta</dt><dd>shared definition</dd>'
            '<dt>no id</dt><dd>not a section</dd><dt id="c">Gamma</dt><dd>own</dd><dt id="d">Delta</dt></dl></main>')
    found = sections(html)
    assert found["a"] == Section("a", "Alpha", "shared definition")
    assert found["b"] == Section("b", "Beta", "shared definition")  # terms in a row share the next dd
    assert found["c"] == Section("c", "Gamma", "own")
    assert "d" not in found  # a term with no definition after it
    # the indexed terms and definitions leave the page; the others stay as page text
    assert found[""].content == "no id not a section Delta"


def test_only_a_lists_own_terms_count():
    html = '<main><dl><div><dt id="wrapped">Term</dt><dd>definition</dd></div></dl></main>'
    assert index_page(html, "page.html") == [Section("", "page.html", "Term definition")]


def test_a_definition_leaves_out_the_terms_inside_it_which_are_sections_of_their_own():
    html = ('<main><dl><dt id="outer">Outer</dt><dd>before <dl><dt id="inner">Inner</dt><dd>inside</dd>'
            '<dt>plain</dt><dd>kept</dd></dl> after</dd></dl></main>')
    found = sections(html)
    assert found["outer"].content == "before plainkept after"  # a definition's text is joined bare
    assert found["inner"] == Section("inner", "Inner", "inside")


def test_definition_sections_come_first_and_are_not_indexed_again_under_their_heading():
    html = '<main><h1 id="top">Top</h1><p>intro</p><dl><dt id="x">Term</dt><dd>definition</dd></dl></main>'
    assert index_page(html) == [Section("x", "Term", "definition"), Section("top", "Top", "intro")]


# -- headings


def test_every_h1_comes_before_every_h2_and_a_heading_takes_its_sections_id():
    html = ('<main><section id="s2"><h2>Two</h2><p>two</p></section>'
            '<section id="s1"><h1>One</h1><p>one</p></section><h3 id="own">Three</h3></main>')
    assert [s.id for s in index_page(html)] == ["s1", "s2", "own"]


def test_a_sections_text_stops_at_the_next_heading_of_any_level():
    html = ('<main><section id="a"><h1>A</h1><p>intro</p><section id="b"><h2>B</h2><p>body</p>'
            '<section id="c"><h3>C</h3><p>deep</p></section></section></section>'
            '<section id="d"><h1>D</h1><p>last</p></section></main>')
    found = sections(html)
    assert (found["a"].content, found["b"].content, found["c"].content, found["d"].content) == (
        "intro", "body", "deep", "last")


def test_a_heading_deeper_than_two_levels_down_is_read_as_text():
    html = ('<main><h2 id="a">A</h2><p>one</p><div><div><div><h2 id="b">B</h2><p>two</p></div></div></div>'
            '<p>three</p></main>')
    found = sections(html)
    assert found["a"].content == "one Btwo three"  # that deep, a block is all its text, joined bare
    assert found["b"].content == "two"


def test_text_before_the_first_heading_is_a_section_under_the_page_title():
    html = '<main><p>lead text</p><h2 id="s">Sub</h2><p>body</p><h1 id="t">Title</h1></main>'
    assert index_page(html) == [Section("", "Title", "lead text"), Section("t", "Title", ""),
                                Section("s", "Sub", "body")]


# -- limits


def test_at_most_ten_thousand_sections_of_a_page_are_indexed():
    headings = "".join(f'<h2 id="h{n}">H{n}</h2>' for n in range(MAX_SECTIONS + 1))
    found = index_page(f"<main>{headings}</main>")
    assert len(found) == MAX_SECTIONS == 10_000
    assert found[-1].id == f"h{MAX_SECTIONS - 1}"


def test_a_sections_content_is_cut_at_one_megabyte_of_characters():
    found = index_page(f'<main><h1 id="t">T</h1><p>{"ab " * 400_000}</p></main>')
    assert MAX_CONTENT == 1024 * 1024
    assert len(found[0].content) == MAX_CONTENT
    assert found[0].content.startswith("ab ab ")


# -- how text is joined


def test_table_cells_are_joined_with_nothing_between_them():
    found = sections('<main><h1 id="t">T</h1><table><tr><td>Data</td><td>new</td></tr></table></main>')
    assert found["t"].content == "Datanew"
    assert found["t"].glued == (("Data", "new"),)


def test_inline_elements_join_as_a_reader_reads_them():
    found = sections('<main><h1 id="t">T</h1><p>Fed<em>Avg</em> and <a href="#">Fed</a>Prox.</p></main>')
    assert found["t"] == Section("t", "T", "FedAvg and FedProx.")


def test_a_space_at_the_edge_of_an_inner_element_is_lost():
    found = sections('<main><h1 id="t">T</h1><p>foo<span> <em>bar</em></span></p></main>')
    assert found["t"].content == "foobar"
    assert found["t"].glued == (("foo", "bar"),)


def test_block_elements_are_apart_under_a_heading_but_not_in_a_definition():
    blocks = "<p>one</p><p>two</p><div>three</div>"
    found = sections(f'<main><h1 id="h">H</h1>{blocks}<dl><dt id="d">D</dt><dd>{blocks}</dd></dl></main>')
    assert found["h"].content == "one two three"
    assert found["h"].glued == ()
    assert found["d"].content == "onetwothree"
    assert found["d"].glued == (("one", "two", "three"),)


def test_line_breaks_svg_labels_and_buttons_separate_words_for_a_reader():
    html = ('<main><dl><dt id="d">D</dt><dd>a<br>b <svg><text>1</text><text>2</text></svg> '
            'x<button>Cite</button></dd></dl></main>')
    found = sections(html)
    assert found["d"].content == "ab 12 xCite"
    assert found["d"].glued == (("a", "b"), ("1", "2"), ("x", "Cite"))


def test_the_page_is_parsed_as_a_browser_parses_it():
    """Rows sit in the tbody the markup implies: one level deeper, a row's trailing space survives."""
    found = sections('<main><h1 id="t">T</h1><table><tr><td>a </td></tr><tr><td>b</td></tr></table></main>')
    assert found["t"].content == "a b"


def test_unicode_spaces_separate_words_and_comments_carry_no_text():
    found = sections('<main><h1 id="t">A\u00a0B</h1><p>one\u2003two<!-- hidden -->three</p></main>')
    assert found["t"] == Section("t", "A B", "one twothree")  # a comment is not a word break


def test_a_code_blocks_pre_elements_are_read_apart():
    html = ('<main><h1 id="t">T</h1><div class="highlight-python notranslate"><pre>first\n  line</pre>'
            "<pre>second</pre></div><p>after</p></main>")
    assert sections(html)["t"].content == "first line second after"


# -- .readthedocs.yaml: search.ignore and search.ranking


def test_the_search_and_404_pages_are_ignored_by_default():
    for path in ("search.html", "search/index.html", "404.html", "404/index.html"):
        assert ignored(path, {}) and ignored(path, {"version": 2})
    assert not ignored("papers.html", {})
    assert not ignored("browse/search.html", {})  # a pattern without * matches one path


def test_an_ignore_list_of_ones_own_replaces_the_defaults():
    config = {"search": {"ignore": ["browse/*"]}}
    assert ignored("browse/tags/ct.html", config)  # * crosses folders
    assert ignored("browse/index.html", config)
    assert not ignored("search.html", config)
    assert not ignored("Browse/index.html", config)  # case counts


def test_patterns_are_globs_on_the_path_relative_to_the_output_folder():
    config = {"search": {"ignore": ["/api//v?/*.html", "./x/../[ab]ook.html"]}}
    assert ignored("api/v1/index.html", config)
    assert not ignored("api/v10/index.html", config)
    assert ignored("book.html", config) and ignored("aook.html", config)
    assert not ignored("cook.html", config)
    with pytest.raises(ValueError, match=r"search\.ignore: '/' names no file"):
        ignored("index.html", {"search": {"ignore": ["/"]}})


def test_the_last_matching_ranking_pattern_decides():
    config = {"search": {"ranking": {"browse/*": -1, "browse/statistics.html": -5, "papers.html": 2}}}
    assert rank("papers.html", config) == 2
    assert rank("browse/tags/ct.html", config) == -1
    assert rank("browse/statistics.html", config) == -5
    assert rank("index.html", config) == 0
    reordered = {"search": {"ranking": {"browse/statistics.html": -5, "browse/*": -1}}}
    assert rank("browse/statistics.html", reordered) == -1


@pytest.mark.parametrize("bad", [11, -11, True, "1", 1.5])
def test_a_rank_is_an_integer_from_minus_ten_to_ten(bad):
    with pytest.raises(ValueError, match=r"search\.ranking: the rank of 'a\.html' must be an integer from -10 to 10"):
        rank("a.html", {"search": {"ranking": {"a.html": bad}}})


def test_a_rank_scales_a_hits_score():
    assert (SCORE_FACTOR[-10], SCORE_FACTOR[-1], SCORE_FACTOR[0], SCORE_FACTOR[1], SCORE_FACTOR[10]) == (
        0.01, 0.8, 1, 1.3, 2)
    assert list(SCORE_FACTOR.values()) == sorted(SCORE_FACTOR.values())


def test_a_site_is_indexed_html_file_by_html_file_with_its_ranks(tmp_path):
    pages = {"index.html": "<main><h1 id='i'>Home</h1></main>", "search.html": "<main><h1>Search</h1></main>",
             "browse/tags/ct.html": "<main><h1 id='c'>CT</h1></main>", "feed.xml": "<feed/>",
             "_sources/index.md.txt": "text"}
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    site = index_site(tmp_path, {"search": {"ranking": {"browse/*": -2}}})
    assert sorted(site) == ["browse/tags/ct.html", "index.html"]
    assert (site["index.html"].title, site["index.html"].rank) == ("Home", 0)
    assert site["browse/tags/ct.html"].rank == -2


def test_our_readthedocs_yaml_reads_as_a_mapping():
    config = read_config(ROOT / ".readthedocs.yaml")
    assert config["version"] == 2
    rank("papers.html", config)  # its search section, if any, is one Read the Docs accepts
