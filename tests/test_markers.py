from helpcenter.markers import MalformedMarker, Marker, find_markers, replace_markers


def test_markers_found_inline_and_alone():
    page = "Intro <!-- support:first-response high business-hours --> end.\n\n<!-- support:sla-table -->\n"
    first, second = find_markers(page)
    assert (first.name, first.args, first.line, first.alone_on_line) == (
        "first-response", ("high", "business-hours"), 1, False)
    assert (second.name, second.args, second.line, second.alone_on_line) == ("sla-table", (), 3, True)


def test_markers_in_code_are_left_alone():
    page = "```\n<!-- support:nope -->\n```\nUse `<!-- support:nope -->` like this.\n~~~md\n<!-- support:x -->\n~~~\n"
    assert list(find_markers(page)) == []
    assert replace_markers(page, lambda marker: "X") == page


def test_malformed_marker_is_reported():
    (marker,) = find_markers("text <!-- support: -->\n")
    assert isinstance(marker, MalformedMarker) and marker.line == 1


def test_block_replacement_keeps_the_indent_of_an_admonition():
    page = '!!! note "N"\n    <!-- support:contacts -->\n'
    result = replace_markers(page, lambda marker: "<dl>\n<dt>a</dt>\n</dl>")
    assert "    <dl>\n    <dt>a</dt>\n    </dl>" in result


def test_other_html_comments_are_untouched():
    page = "<!-- a writer's note -->\n"
    assert list(find_markers(page)) == [] and replace_markers(page, lambda marker: "X") == page
    assert isinstance(next(find_markers("<!-- support:email -->")), Marker)
