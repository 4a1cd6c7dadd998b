"""The policy core: support.yml read into frozen, typed objects, its values, days off and the SLA clock.

Imports no other layer of the package (only `helpcenter.errors`)."""
