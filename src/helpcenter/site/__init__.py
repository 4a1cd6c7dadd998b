"""The MkDocs adapter: the only code of the package that imports mkdocs, material or mkdocs_static_i18n."""
