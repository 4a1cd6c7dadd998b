"""Social previews (OpenGraph and Twitter card properties) of a page."""

from __future__ import annotations


def social_metadata(*, title: str, site_name: str, description: str, url: str | None, locale: str,
                    alternate_locales: list[str], image: str | None) -> list[tuple[str, str]]:
    """OpenGraph (and Twitter card) properties of a page, as (property, content) pairs, in order.

    `locale` and `alternate_locales` are Babel locales ('fr_FR'), the form OpenGraph asks for.
    """
    pairs = [("og:type", "website"), ("og:site_name", site_name), ("og:title", title)]
    if description:
        pairs.append(("og:description", description))
    if url:
        pairs.append(("og:url", url))
    pairs.append(("og:locale", locale))
    pairs += [("og:locale:alternate", other) for other in alternate_locales if other != locale]
    if image:
        pairs.append(("og:image", image))
    pairs.append(("twitter:card", "summary"))
    return pairs
