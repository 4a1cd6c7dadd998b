"""The README's nginx lines for directory and rsync targets, run by Debian's nginx (with the brotli static
module) on 127.0.0.1 over a site with its precompressed copies: the copy the browser accepts, with
Content-Encoding and Vary; the file itself otherwise; each language's 404 page."""

from __future__ import annotations

import gzip
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import brotli
import pytest

from conftest import ROOT
from helpcenter.compression import precompress

NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
PAGE = "<p>Hilfe</p>\n" * 200


def readme_nginx_lines() -> str:
    """Every line of the README's nginx blocks: the 404 pages, then the compressed copies."""
    blocks = re.findall(r"```nginx\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    assert any("gzip_static" in block for block in blocks), "the README has lost its nginx lines for the copies"
    return "\n".join(re.sub(r"^ +", "", block, flags=re.MULTILINE) for block in blocks)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    if not (NGINX.exists() and BROTLI_MODULE.exists()):
        pytest.fail("this test needs Debian's nginx and libnginx-mod-http-brotli-static; install them with: sudo "
                    "apt-get install -y nginx libnginx-mod-http-brotli-static (make test does)", pytrace=False)
    folder = tmp_path_factory.mktemp("nginx")
    site = folder / "site"
    (site / "de").mkdir(parents=True)
    (site / "de" / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "de" / "404.html").write_text("nicht gefunden", encoding="utf-8")
    (site / "404.html").write_text("introuvable", encoding="utf-8")
    precompress(site)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temp = folder / "temp"
    temp.mkdir()
    (folder / "nginx.conf").write_text(f"""
load_module {BROTLI_MODULE};
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
  uwsgi_temp_path {temp}; scgi_temp_path {temp};
  server {{
    listen 127.0.0.1:{port};
    root {site};
{readme_nginx_lines()}
  }}
}}
""", encoding="utf-8")
    server = subprocess.Popen([str(NGINX), "-p", str(folder), "-e", str(folder / "error.log"), "-c",
                               str(folder / "nginx.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urlopen(url + "/de/", timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"nginx did not start: {server.communicate()[1].decode()}"
                            f"{(folder / 'error.log').read_text() if (folder / 'error.log').exists() else ''}")
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


def get(url: str, accept_encoding: str | None = None):
    request = Request(url, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    try:
        with urlopen(request, timeout=5) as answer:
            return answer.status, answer.headers, answer.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def test_nginx_with_the_readme_lines_serves_the_accepted_copy(nginx):
    status, headers, body = get(f"{nginx}/de/", "gzip, deflate, br")
    assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "br", "Accept-Encoding")
    assert brotli.decompress(body).decode() == PAGE
    status, headers, body = get(f"{nginx}/de/", "gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body).decode() == PAGE
    status, headers, body = get(f"{nginx}/de/")
    assert headers["Content-Encoding"] is None and body.decode() == PAGE
    for path, page in (("/de/gibt-es-nicht/", "nicht gefunden"), ("/nulle-part/", "introuvable")):
        status, headers, body = get(nginx + path)
        assert (status, body.decode()) == (404, page)
