"""Accessible names added to Material's markup (helpcenter.render.a11y)."""

from helpcenter.render.a11y import repair_theme_markup

SECTION = ('<label class="md-nav__link " for="__nav_2" id="__nav_2_label" tabindex=""><span class="md-nav__icon md-icon">'
           '</span></label></div>\n<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_2_label" '
           'aria-expanded="false">\n  <label class="md-nav__title" for="__nav_2">\n<span class="md-nav__icon md-icon">'
           '</span>\nHäufig gestellte Fragen\n</label>')


def test_a_navigation_section_is_named_by_its_own_title():
    html = repair_theme_markup(SECTION)
    assert 'aria-labelledby="__nav_2_title"' in html
    assert '<label class="md-nav__title" for="__nav_2" id="__nav_2_title">' in html


def test_markup_of_another_theme_version_is_left_alone():
    other = '<nav class="md-nav" aria-label="Navigation"><div role="dialog" class="search">'
    assert repair_theme_markup(other) == other
