from helpcenter.content.markdown import lines_outside_code
from helpcenter.render.markers import MalformedMarker, Marker, find_markers, replace_markers


def test_markers_found_inline_and_alone():
    page = "Intro <!-- support:first-response high business-hours --> end.\n\n<!-- support:sla-table -->\n"
    first, second = find_markers(page)
    assert (first.name, first.args, first.line, first.alone_on_line) == (
        "first-response", ("high", "business-hours"), 1, False)
    assert (second.name, second.args, second.line, second.alone_on_line) == ("sla-table", (), 3, True)


def test_markers_in_code_are_left_alone():
    page = "```\n<!-- support:nope -->\n```\nUse `<!-- support:nope -->` like this.\n~~~md\n<!-- support:x -->\n~~~\n"
    assert list(find_markers(page)) == []
    assert replace_markers(page, list(find_markers(page)), lambda marker: "X") == page


def test_malformed_marker_is_reported():
    (marker,) = find_markers("text <!-- support: -->\n")
    assert isinstance(marker, MalformedMarker) and marker.line == 1


def test_marker_inside_an_admonition_is_seen_as_indented():
    (marker,) = find_markers('!!! note "N"\n    <!-- support:contacts -->\n')
    assert marker.indented and marker.alone_on_line


def test_other_html_comments_are_untouched():
    page = "<!-- a writer's note -->\n"
    assert list(find_markers(page)) == []
    assert isinstance(next(find_markers("<!-- support:email -->")), Marker)


def test_lines_outside_code_skip_fences_of_any_length_and_their_closing_line():
    page = "a\n````md\n```\nnot closed by a shorter fence\n```\n````\nb [x](y.md)\n~~~\nc\n~~~\n"
    assert list(lines_outside_code(page)) == [(1, "a"), (7, "b [x](y.md)")]


def test_lines_of_a_page_without_fences_are_all_outside_code():
    page = "a\n\n``code`` and ~~strike~~\r\nlast"
    assert list(lines_outside_code(page)) == [(1, "a"), (2, ""), (3, "``code`` and ~~strike~~"), (4, "last")]
    assert list(lines_outside_code("")) == []


def test_markers_and_near_misses_are_found_on_lines_with_a_comment_only():
    page = "# T\n\nText <!-- Support:email --> and <!-- support:email\n\n<!--support:sla-table-->\nplain -- > text\n"
    found = list(find_markers(page))
    assert [type(marker).__name__ for marker in found] == ["MalformedMarker", "MalformedMarker", "Marker"]
    assert [marker.line for marker in found] == [3, 3, 5]
