"""One search index per language, so that a reader searches their own language with its own stemmer.

mkdocs-static-i18n merges every language into one index at /search/; each language build's own index
(what Material writes before the merge) is re-rooted under /<lang>/search/, and the root index keeps
only the default language. Pages served as a fallback (not yet translated) are left out.
"""

from __future__ import annotations


def language_index(index: dict, language: str, own_prefix: str, other_prefixes: list[str],
                   fallback_pages: set[str]) -> dict:
    """The entries of one language, located relative to that language's root.

    `own_prefix` is "" for the default language, "de/" for German; `other_prefixes` are the other
    languages' prefixes (to drop from a merged index); `fallback_pages` are page URLs to leave out.
    """
    documents = []
    for entry in index["docs"]:
        location = entry["location"]
        page = location.split("#", 1)[0]
        if page in fallback_pages:
            continue
        if own_prefix:
            if not location.startswith(own_prefix):
                continue
            location = location[len(own_prefix):]
        elif any(location.startswith(prefix) for prefix in other_prefixes):
            continue
        documents.append({**entry, "location": location})
    return {"config": {**index["config"], "lang": [language]}, "docs": documents}
