"""The helpdesk API's endpoints, one module each; each has `routes(context)` returning its routes."""
