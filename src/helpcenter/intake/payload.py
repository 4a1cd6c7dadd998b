"""Reading a request: a JSON ticket, or multipart/form-data with the ticket (part `ticket`) and its files
(parts `attachments`); a JSON vote; each bounded in size before anything is parsed."""

from __future__ import annotations

import json

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from helpcenter.intake.tickets import Attachment, FieldError, Rejected, safe_filename
from helpcenter.policy.model import SupportPolicy

TEXT_LIMIT = 128 * 1024  # the ticket's JSON: 10,000 characters of description, escaped, and the rest
FILE_OVERHEAD = 1024  # multipart headers of one file


def body_limit(policy: SupportPolicy) -> int:
    limits = policy.ticket_form.attachments
    return TEXT_LIMIT + limits.max_files * (limits.max_size + FILE_OVERHEAD)


async def read_request(request: Request, policy: SupportPolicy) -> tuple[object, tuple[Attachment, ...]]:
    """(the decoded ticket JSON, its files); raises Rejected 400, 413 or 415."""
    kind = _kind(request)
    if kind not in ("application/json", "multipart/form-data"):
        raise Rejected(415, [FieldError("body", "invalid", "send the ticket as application/json, or as "
                                                           "multipart/form-data with files")])
    body = await _bounded_body(request, body_limit(policy), "attachments" if kind == "multipart/form-data" else "body")
    if kind == "application/json":
        return _json(body), ()
    return await _multipart(request, body)


async def read_json(request: Request, limit: int) -> object:
    """A JSON body of at most `limit` bytes, decoded; raises Rejected 400, 413 or 415."""
    if _kind(request) != "application/json":
        raise Rejected(415, [FieldError("body", "invalid", "send application/json")])
    return _json(await _bounded_body(request, limit, "body"))


def _kind(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _bounded_body(request: Request, limit: int, field: str) -> bytes:
    """The body, refused (413, naming `field`) as soon as it is known to exceed `limit` bytes."""
    too_large = Rejected(413, [FieldError(field, "file_size", f"the request is larger than {limit} bytes")])
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def _json(data: bytes) -> object:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise Rejected(400, [FieldError("body", "invalid", "the body is not valid JSON")]) from None


async def _multipart(request: Request, body: bytes) -> tuple[object, tuple[Attachment, ...]]:
    async def chunks():
        yield body

    parser = MultiPartParser(request.headers, chunks(), max_files=100, max_fields=20, max_part_size=TEXT_LIMIT)
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise Rejected(400, [FieldError("body", "invalid", f"unreadable multipart body: {error.message}")]) from None
    try:
        ticket = form.get("ticket")
        if not isinstance(ticket, str):
            raise Rejected(400, [FieldError("ticket", "required", "the part 'ticket' (the ticket's JSON) is missing")])
        files = []
        for item in form.getlist("attachments"):
            if not isinstance(item, UploadFile):
                raise Rejected(400, [FieldError("attachments", "invalid", "each attachment must be a file")])
            files.append(Attachment(safe_filename(item.filename or ""), item.content_type or "application/octet-stream",
                                    await item.read()))
        return _json(ticket.encode()), tuple(files)
    finally:
        await form.close()
