"""The helpdesk API behind the ticket form (issue 11): imports only the policy core, localization and errors."""
