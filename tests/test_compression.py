"""`helpcenter.compression`: precompressed copies of the site's text files and the choice of one per request;
the test server that answers with them as nginx's gzip_static/brotli_static does."""

import gzip
import mimetypes

import brotli
import pytest

from helpcenter.compression import TEXT_SUFFIXES, accepted_encoding, is_copy, is_text_type, precompress


def test_every_text_file_gets_brotli_and_gzip_copies_that_decode_to_the_file(tmp_path):
    page = tmp_path / "de" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>Reaktionszeiten</p>\n" * 100, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(1000))
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    assert precompress(tmp_path) == 2
    assert brotli.decompress((tmp_path / "de" / "index.html.br").read_bytes()) == page.read_bytes()
    assert gzip.decompress((tmp_path / "de" / "index.html.gz").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "logo.png.gz").exists(), "images are compressed already"
    # even a tiny file has its copies: a front that cannot look for a file picks one by the name alone
    assert gzip.decompress((tmp_path / "tiny.css.gz").read_bytes()) == b"a{}"
    assert is_copy(tmp_path / "de" / "index.html.br") and not is_copy(page)


def test_copies_follow_their_file_and_outlive_it_never(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("old " * 100, encoding="utf-8")
    gone = tmp_path / "removed.js"
    gone.write_text("console.log(1);", encoding="utf-8")
    precompress(tmp_path)
    page.write_text("new " * 100, encoding="utf-8")
    gone.unlink()
    precompress(tmp_path)
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == page.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html", "index.html.br", "index.html.gz"]


def test_gzip_copies_are_reproducible(tmp_path):
    (tmp_path / "a.js").write_text("console.log(1);\n" * 50, encoding="utf-8")
    precompress(tmp_path)
    first = (tmp_path / "a.js.gz").read_bytes()
    precompress(tmp_path)
    assert (tmp_path / "a.js.gz").read_bytes() == first


def test_the_preview_compresses_the_types_of_the_files_the_deploy_compresses():
    served = {mimetypes.guess_type(f"x{suffix}")[0] for suffix in TEXT_SUFFIXES} - {None}
    assert served and all(is_text_type(f"{kind}; charset=utf-8") for kind in served)
    assert is_text_type("TEXT/HTML") and not is_text_type("image/png") and not is_text_type("font/woff2")


def test_the_preferred_accepted_encoding_is_chosen():
    both = {"br", "gzip"}
    assert accepted_encoding("gzip, deflate, br, zstd", both) == "br"
    assert accepted_encoding("gzip", both) == "gzip"
    assert accepted_encoding("br;q=0, gzip;q=0.5", both) == "gzip"
    assert accepted_encoding("identity", both) is None
    assert accepted_encoding(None, both) is None
    assert accepted_encoding("*", {"gzip"}) == "gzip"


def test_the_test_server_answers_with_the_accepted_copy_and_the_language_404(tmp_path):
    from urllib.error import HTTPError
    from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

    from helpcenter.deploy.static_server import serving

    (tmp_path / "de").mkdir()
    page = "<p>Hilfe</p>\n" * 100
    (tmp_path / "de" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "de" / "404.html").write_text("nicht gefunden", encoding="utf-8")
    (tmp_path / "404.html").write_text("introuvable", encoding="utf-8")
    precompress(tmp_path)
    with serving(tmp_path) as url:
        with urlopen(Request(f"{url}/de/", headers={"Accept-Encoding": "gzip, br"})) as answer:
            assert answer.headers["Content-Encoding"] == "br" and answer.headers["Vary"] == "Accept-Encoding"
            assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
            assert brotli.decompress(answer.read()).decode() == page
        with urlopen(Request(f"{url}/de/", headers={"Accept-Encoding": "gzip"})) as answer:
            assert gzip.decompress(answer.read()).decode() == page
        with urlopen(f"{url}/de/index.html") as answer:  # no Accept-Encoding: the file itself
            assert answer.headers["Content-Encoding"] is None and answer.read().decode() == page
        for path, body in (("/de/missing/", "nicht gefunden"), ("/missing", "introuvable"), ("/../x", "introuvable")):
            with pytest.raises(HTTPError) as error:
                urlopen(url + path)
            assert (error.value.code, error.value.read().decode()) == (404, body)

        class NoRedirect(HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None

        with pytest.raises(HTTPError) as error:  # a folder without its slash: relative links need it
            build_opener(NoRedirect).open(f"{url}/de")
        assert error.value.code == 301 and error.value.headers["Location"] == "/de/"
