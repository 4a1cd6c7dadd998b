"""api/ticket-intake.openapi.yaml: a valid OpenAPI 3.1 contract, in step with support.yml and the form."""

from __future__ import annotations

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import PROJECT, ROOT
from helpcenter.errors import PolicyError
from helpcenter.intake.contract import LISTS, load_contract
from helpcenter.intake.tickets import TOP_LEVEL, TRAP
from helpcenter.policy.loader import load_policy
from helpcenter.policy.model import CONTACT_FIELDS, EMAIL_PATTERN, TEXT_LIMITS, TICKET_FIELDS, WINDOW_IDS
from intake_support import assert_valid_ticket_request

CONTRACT = PROJECT / "api" / "ticket-intake.openapi.yaml"
SPEC = load_contract(CONTRACT, load_policy(PROJECT / "support.yml"))
SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "ticket-form.js"
FORM = ROOT / "overrides" / "helpcenter" / "ticket-form.html"


def test_spec_is_openapi_3_1_with_the_responses_the_form_understands():
    assert SPEC["openapi"].startswith("3.1.")
    responses = SPEC["paths"]["/tickets"]["post"]["responses"]
    assert set(responses) == {"201", "400", "409", "413", "415", "422", "429", "5XX"}
    header = SPEC["paths"]["/tickets"]["post"]["parameters"][0]
    assert header["name"] == "Idempotency-Key" and header["in"] == "header" and header["required"]
    Draft202012Validator.check_schema(SPEC["components"]["schemas"]["TicketRequest"])


def test_the_contract_names_the_lists_of_support_yml_instead_of_copying_them():
    raw = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    properties = raw["components"]["schemas"]["TicketRequest"]["properties"]
    named = {name: properties[name].get("x-helpcenter-enum") for name in
             ("category", "product", "impact", "ticket_language", "page_language")}
    assert named == {"category": "request_categories", "product": "products", "impact": "priorities",
                     "ticket_language": "tickets.languages", "page_language": "languages"}
    assert all("enum" not in properties[name] for name in named)
    assert set(named.values()) <= set(LISTS)


def test_a_contract_naming_an_unknown_list_is_one_clear_error(tmp_path, real_policy):
    broken = tmp_path / "contract.yaml"
    broken.write_text("components:\n  schemas:\n    X:\n      x-helpcenter-enum: colours\n", encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_contract(broken, real_policy)
    assert str(error.value) == (f"{broken}: x-helpcenter-enum: 'colours' is not a list of support.yml; "
                                f"use one of {', '.join(LISTS)}")


def test_spec_enums_are_the_ids_of_support_yml(real_policy):
    properties = SPEC["components"]["schemas"]["TicketRequest"]["properties"]
    assert properties["category"]["enum"] == [category.id for category in real_policy.categories]
    assert properties["product"]["enum"] == [product.id for product in real_policy.products]
    assert properties["impact"]["enum"] == [priority.id for priority in real_policy.priorities]
    assert properties["ticket_language"]["enum"] == list(real_policy.ticket_languages)
    assert properties["page_language"]["enum"] == list(real_policy.language_codes)


def test_spec_fields_and_their_constraints_are_those_of_the_model(real_policy):
    schemas = SPEC["components"]["schemas"]
    request = schemas["TicketRequest"]
    properties, contact = request["properties"], request["properties"]["contact"]
    assert request["additionalProperties"] is False and contact["additionalProperties"] is False
    assert set(properties) == set(TOP_LEVEL) >= set(TICKET_FIELDS)
    assert list(contact["properties"]) == list(CONTACT_FIELDS)
    # Required by the contract: nothing the helpdesk could accept missing. Which fields a category asks
    # for is support.yml's (ticket_form.fields, optional): the helpdesk answers 422 `required` for those.
    form = real_policy.ticket_form
    always = {name for name in TICKET_FIELDS
              if all(name in fields for fields in form.fields.values()) and name not in form.optional}
    structural = {"category", "contact", "ticket_language", "page_language"}
    assert structural <= set(request["required"]) <= structural | always
    assert set(contact["required"]) == {name for name in CONTACT_FIELDS if name not in form.optional}
    texts = {**properties, **contact["properties"]}
    assert {name: texts[name]["maxLength"] for name in TEXT_LIMITS} == dict(TEXT_LIMITS)
    for name in TEXT_LIMITS:  # a required text cannot be empty
        assert texts[name]["type"] == "string"
        assert (name in request["required"] + contact["required"]) == \
            (texts[name].get("minLength") == 1 or "pattern" in texts[name])
    assert texts["email"]["format"] == "email" and texts["email"]["pattern"] == EMAIL_PATTERN
    assert properties["started_at"] == {**properties["started_at"], "type": "string", "format": "date-time"}
    assert properties[TRAP]["maxLength"] == 0
    window = schemas["TicketCreated"]["properties"]["first_response"]["properties"]["window"]
    assert window["enum"] == list(WINDOW_IDS)
    # The form has a message in every language for each error code the contract names.
    template = FORM.read_text(encoding="utf-8")
    codes = schemas["FieldErrors"]["properties"]["errors"]["items"]["properties"]["code"]["enum"]
    assert [code for code in codes if f'"{code}": _(' not in template] == []


def test_contract_rejects_a_ticket_in_a_language_support_does_not_handle():
    with pytest.raises(AssertionError, match="'de' is not one of"):
        assert_valid_ticket_request({
            "category": "general-question", "subject": "s", "description": "d",
            "contact": {"name": "n", "email": "n@example.de"}, "ticket_language": "de", "page_language": "de"},
            SPEC)


def test_form_script_stays_small_and_holds_no_customer_text():
    source = SCRIPT.read_text(encoding="utf-8")
    assert len(source.encode()) < 12 * 1024, "the form's script must stay under 12 KB (even unminified)"
    for text in ("Bitte", "Veuillez", "Please", "Thank you", "Merci"):
        assert text not in source, f"customer-facing text {text!r} belongs in the message catalogs"
