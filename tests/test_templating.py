"""Templates escape every value they print."""

from civcas.templating import render


def test_a_cell_with_markup_is_shown_as_text():
    html = render("_table.html", headers=["<b>h</b>"], rows=[["<script>alert(1)</script>", "=1+1"]],
                  caption="", cls="")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;h&lt;/b&gt;" in html


def test_a_missing_value_stops_the_render_instead_of_printing_nothing():
    import jinja2
    import pytest

    with pytest.raises(jinja2.UndefinedError):
        render("_table.html", headers=["a"], rows=[["b"]])
