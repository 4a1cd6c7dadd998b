"""Rendering: policy markers through Jinja macros, the JSON export, build info, head links, search indexes."""
