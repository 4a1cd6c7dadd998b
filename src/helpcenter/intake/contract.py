"""The helpdesk API's OpenAPI contract with the lists that support.yml owns filled in.

`api/ticket-intake.openapi.yaml` names those lists instead of copying them: a property written
`x-helpcenter-enum: priorities` accepts the ids of `priorities` in support.yml. So a writer who adds a
category, a product or a priority changes one file, and the contract follows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml

from helpcenter.errors import PolicyError
from helpcenter.policy.model import SupportPolicy

EXTENSION = "x-helpcenter-enum"
# The support.yml key an `x-helpcenter-enum` names, and the ids it holds.
LISTS: dict[str, Callable[[SupportPolicy], list[str]]] = {
    "request_categories": lambda policy: [category.id for category in policy.categories],
    "products": lambda policy: [product.id for product in policy.products],
    "priorities": lambda policy: [priority.id for priority in policy.priorities],
    "tickets.languages": lambda policy: list(policy.ticket_languages),
    "languages": lambda policy: list(policy.language_codes),
}


def load_contract(path: Path, policy: SupportPolicy) -> dict[str, Any]:
    """The contract at `path`, each `x-helpcenter-enum` turned into the `enum` of that policy's ids."""
    return fill_enums(yaml.safe_load(path.read_text(encoding="utf-8")), policy, path)


def fill_enums(node: Any, policy: SupportPolicy, path: Path) -> Any:
    if isinstance(node, list):
        return [fill_enums(item, policy, path) for item in node]
    if not isinstance(node, dict):
        return node
    filled = {key: fill_enums(value, policy, path) for key, value in node.items()}
    if EXTENSION in filled:
        name = filled[EXTENSION]
        if name not in LISTS:
            raise PolicyError(str(path), None, EXTENSION,
                              f"'{name}' is not a list of support.yml; use one of {', '.join(LISTS)}")
        filled["enum"] = LISTS[name](policy)
    return filled
