"""Precompressed copies of the site's text files and the choice of one per request."""

import gzip

import brotli

from helpcenter.deploy.compress import accepted_encoding, is_copy, precompress


def test_text_files_get_brotli_and_gzip_copies_that_decode_to_the_file(tmp_path):
    page = tmp_path / "de" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>Reaktionszeiten</p>\n" * 100, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(1000))
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    assert precompress(tmp_path) == 1
    assert brotli.decompress((tmp_path / "de" / "index.html.br").read_bytes()) == page.read_bytes()
    assert gzip.decompress((tmp_path / "de" / "index.html.gz").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "logo.png.gz").exists(), "images are compressed already"
    assert not (tmp_path / "tiny.css.gz").exists(), "too small to be worth it"
    assert is_copy(tmp_path / "de" / "index.html.br") and not is_copy(page)


def test_gzip_copies_are_reproducible(tmp_path):
    (tmp_path / "a.js").write_text("console.log(1);\n" * 50, encoding="utf-8")
    precompress(tmp_path)
    first = (tmp_path / "a.js.gz").read_bytes()
    precompress(tmp_path)
    assert (tmp_path / "a.js.gz").read_bytes() == first


def test_the_preferred_accepted_encoding_is_chosen():
    both = {"br", "gzip"}
    assert accepted_encoding("gzip, deflate, br, zstd", both) == "br"
    assert accepted_encoding("gzip", both) == "gzip"
    assert accepted_encoding("br;q=0, gzip;q=0.5", both) == "gzip"
    assert accepted_encoding("identity", both) is None
    assert accepted_encoding(None, both) is None
    assert accepted_encoding("*", {"gzip"}) == "gzip"


def test_the_preview_server_answers_with_the_accepted_copy(tmp_path):
    from urllib.request import Request, urlopen

    from helpcenter.deploy.static_server import serving

    (tmp_path / "de").mkdir()
    page = "<p>Hilfe</p>\n" * 100
    (tmp_path / "de" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "de" / "404.html").write_text("nicht gefunden", encoding="utf-8")
    precompress(tmp_path)
    with serving(tmp_path, ("de",)) as url:
        with urlopen(Request(f"{url}/de/", headers={"Accept-Encoding": "gzip, br"})) as answer:
            assert answer.headers["Content-Encoding"] == "br" and answer.headers["Vary"] == "Accept-Encoding"
            assert brotli.decompress(answer.read()).decode() == page
        with urlopen(Request(f"{url}/de/", headers={"Accept-Encoding": "gzip"})) as answer:
            assert gzip.decompress(answer.read()).decode() == page
        with urlopen(f"{url}/de/index.html") as answer:  # no Accept-Encoding: the file itself
            assert answer.headers["Content-Encoding"] is None and answer.read().decode() == page
        try:
            urlopen(f"{url}/de/missing/")
        except Exception as error:  # HTTPError 404 with the language's page
            assert error.code == 404 and error.read() == "nicht gefunden".encode()
