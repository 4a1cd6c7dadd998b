"""The rules of the docs/ tree: front matter, translations and their hashes, tutorials per product."""
