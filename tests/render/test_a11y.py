"""Accessible names added to Material's markup (helpcenter.render.a11y)."""

from helpcenter.render.a11y import repair_theme_markup

SECTION = ('<label class="md-nav__link " for="__nav_2" id="__nav_2_label" tabindex=""><span class="md-nav__icon md-icon">'
           '</span></label></div>\n<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_2_label" '
           'aria-expanded="false">\n  <label class="md-nav__title" for="__nav_2">\n<span class="md-nav__icon md-icon">'
           '</span>\nHäufig gestellte Fragen\n</label>')
SEARCH = ('<div class="md-search" data-md-component="search" role="dialog">\n<label class="md-search__overlay" '
          'for="__search"></label>\n<nav class="md-search__options" aria-label="Suche">')


def test_a_navigation_section_is_named_by_its_own_title():
    html = repair_theme_markup(SECTION)
    assert 'aria-labelledby="__nav_2_title"' in html
    assert '<label class="md-nav__title" for="__nav_2" id="__nav_2_title">' in html


def test_the_search_dialog_takes_the_name_of_its_search_landmark():
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Suche">' in \
        repair_theme_markup(SEARCH)


def test_markup_of_another_theme_version_is_left_alone():
    other = '<nav class="md-nav" aria-label="Navigation"><div role="dialog" class="search">'
    assert repair_theme_markup(other) == other
