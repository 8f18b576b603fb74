"""Marked tables reach the page as Markdown would have kept them, without being parsed."""

import markdown
from civcas.raw_html import END, START, marked_anchors
from civcas.templating import render

TABLE = ('<div class="civcas-table" role="region"><table>\n<thead><tr><th scope="col">A</th></tr></thead>\n'
         '<tbody>\n<tr><td><a href="#x" id="src-one">One &amp; two</a></td></tr>\n</tbody></table></div>')
PAGE = "# Title\n\nA paragraph with *emphasis*.\n\n{table}\n\nAfter the table.\n"


def converted(text: str) -> str:
    return markdown.Markdown(extensions=["tables", "attr_list", "civcas.raw_html", "toc"]).convert(text)


def test_a_marked_table_renders_as_the_same_table_unmarked():
    plain = converted(PAGE.format(table=TABLE))
    marked = converted(PAGE.format(table=f"{START}\n{TABLE}\n{END}"))
    assert marked == plain
    assert "<em>emphasis</em>" in marked and START not in marked


def test_markdown_inside_a_marked_block_stays_as_written():
    marked = converted(f"{START}\n<div>*not emphasis*</div>\n{END}\n")
    assert "*not emphasis*" in marked and "<em>" not in marked


def test_a_block_without_its_end_marker_is_left_to_markdown():
    text = f"Before.\n\n{START}\n<div>kept</div>\n\nAfter *this*.\n"
    assert "<div>kept</div>" in converted(text) and "<em>this</em>" in converted(text)


def test_the_table_macro_marks_its_table():
    page = render("releases.html", rows=[["1.0.0", "2025-01-01", "first"]])
    start, end = page.index(START), page.index(END)
    assert "<table" in page[start:end] and page.count("<table") == 1


def test_anchors_in_marked_blocks_are_found_for_the_page():
    text = f"{START}\n{TABLE}\n<span id=\"second\">\n{END}\n<p id=\"outside\"></p>"
    assert marked_anchors(text) == {"src-one", "second"}
