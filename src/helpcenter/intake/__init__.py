"""The helpdesk API behind the ticket form (reserved): imports only `policy` and `l10n`."""
