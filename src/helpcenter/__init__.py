"""helpcenter: a six-language customer help center generated from Markdown and one support policy file."""

__version__ = "0.1.0"
