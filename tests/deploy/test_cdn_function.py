"""The CloudFront Function of the README (deploy.cloudfront.js), run by Node.js on CloudFront's event shape:
it picks the precompressed copy helpcenter.compression would pick, for the same files, and adds Vary."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import PurePosixPath

import pytest

from conftest import ROOT
from helpcenter.compression import ENCODINGS, TEXT_SUFFIXES, accepted_encoding, is_text

FUNCTION = ROOT / "deploy.cloudfront.js"
HEADERS = [None, "", "gzip, deflate, br, zstd", "gzip", "br;q=0, gzip;q=0.5", "identity", "*", "*;q=0",
           "GZIP", "br;q=0.0", "gzip;q=x", "deflate", " br ; q=1 , gzip"]
URIS = ["/", "/de/support/policy/", "/assets/helpcenter.css", "/assets/javascripts/bundle.a5f9d56c.min.js",
        "/pagefind/pagefind-entry.json", "/assets/images/favicon.png", "/pagefind/wasm.de.pagefind",
        "/sitemap.xml", "/assets/brand/logo.svg"]
RUN = """
const source = require("fs").readFileSync(process.argv[1], "utf8");
const handler = new Function(source + "; return handler;")();
const answers = JSON.parse(process.argv[2]).map(([uri, accept]) => {
  const headers = accept === null ? {} : {"accept-encoding": {value: accept}};
  const request = handler({context: {eventType: "viewer-request"}, request: {uri, headers}});
  const response = handler({context: {eventType: "viewer-response"}, request: {uri: request.uri, headers},
                            response: {statusCode: 200, headers: {}}});
  return [request.uri, response.headers.vary ? response.headers.vary.value : null];
});
console.log(JSON.stringify(answers));
"""


def expected(uri: str, accept: str | None) -> list:
    path = uri + "index.html" if uri.endswith("/") else uri
    if not is_text(PurePosixPath(path)):
        return [path, None]
    encoding = accepted_encoding(accept, set(ENCODINGS))
    return [path + ENCODINGS[encoding] if encoding else path, "Accept-Encoding"]


def test_the_cdn_function_picks_the_copy_the_product_would_and_adds_vary():
    node = shutil.which("node")
    if node is None:
        pytest.fail("this test needs Node.js; install Debian's npm (make test does)", pytrace=False)
    cases = [[uri, accept] for uri in URIS for accept in HEADERS]
    answer = subprocess.run([node, "-e", RUN, str(FUNCTION), json.dumps(cases)], capture_output=True, text=True,
                            timeout=60, check=True)
    assert json.loads(answer.stdout) == [expected(uri, accept) for uri, accept in cases]


def test_the_cdn_function_knows_the_same_text_files():
    listed = re.search(r"var TEXT = /\\\.\(([^)]*)\)\$/i;", FUNCTION.read_text(encoding="utf-8")).group(1)
    assert {f".{suffix}" for suffix in listed.split("|")} == TEXT_SUFFIXES
