"""api/ticket-intake.openapi.yaml: a valid OpenAPI 3.1 contract, in step with support.yml and the form."""

from __future__ import annotations

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from conftest import ROOT
from helpcenter.policy.loader import load_policy

SPEC = yaml.safe_load((ROOT / "api" / "ticket-intake.openapi.yaml").read_text(encoding="utf-8"))
POLICY = load_policy(ROOT / "support.yml")
SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "ticket-form.js"


def request_validator() -> Draft202012Validator:
    registry = Registry().with_resource("spec", Resource.opaque(SPEC))
    schema = {"$ref": "spec#/components/schemas/TicketRequest"}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def assert_valid_ticket_request(payload: dict) -> None:
    errors = sorted(request_validator().iter_errors(payload), key=str)
    assert not errors, "payload breaks the contract: " + "; ".join(error.message for error in errors)


def test_spec_is_openapi_3_1_with_the_responses_the_form_understands():
    assert SPEC["openapi"].startswith("3.1.")
    responses = SPEC["paths"]["/tickets"]["post"]["responses"]
    assert set(responses) == {"201", "400", "409", "413", "415", "422", "429", "5XX"}
    header = SPEC["paths"]["/tickets"]["post"]["parameters"][0]
    assert header["name"] == "Idempotency-Key" and header["in"] == "header" and header["required"]
    Draft202012Validator.check_schema(SPEC["components"]["schemas"]["TicketRequest"])


def test_spec_enums_are_the_ids_of_support_yml():
    properties = SPEC["components"]["schemas"]["TicketRequest"]["properties"]
    assert properties["category"]["enum"] == [category.id for category in POLICY.categories]
    assert properties["product"]["enum"] == [product.id for product in POLICY.products]
    assert properties["impact"]["enum"] == [priority.id for priority in POLICY.priorities]
    assert properties["ticket_language"]["enum"] == list(POLICY.ticket_languages)
    assert properties["page_language"]["enum"] == list(POLICY.language_codes)


def test_contract_rejects_a_ticket_in_a_language_support_does_not_handle():
    with pytest.raises(AssertionError, match="'de' is not one of"):
        assert_valid_ticket_request({
            "category": "general-question", "subject": "s", "description": "d",
            "contact": {"name": "n", "email": "n@example.de"}, "ticket_language": "de", "page_language": "de"})


def test_form_script_stays_small_and_holds_no_customer_text():
    source = SCRIPT.read_text(encoding="utf-8")
    assert len(source.encode()) < 12 * 1024, "the form's script must stay under 12 KB (even unminified)"
    for text in ("Bitte", "Veuillez", "Please", "Thank you", "Merci"):
        assert text not in source, f"customer-facing text {text!r} belongs in the message catalogs"
