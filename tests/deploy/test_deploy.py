"""`helpcenter.deploy.pipeline`: publishing a built site to directory, rsync and S3 targets, atomically, verified
over HTTP on 127.0.0.1, with rollback; and the deploy configuration's error messages."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from deploy_fixtures import closed_port, get, get_json, make_site, serve_folder, serve_s3_front, write_fake_ssh
from helpcenter.deploy import contract, directory, rsync, s3
from helpcenter.deploy.pipeline import (
    BuildInfo,
    DeployConfigError,
    DeployError,
    deploy,
    load_deploy_config,
    make_release_id,
    read_build_info,
    rollback,
)
from helpcenter.errors import PolicyError

from conftest import ROOT
R1, R2, R3, R4 = (f"20261126T11450{second}Z-{commit}" for second, commit in
                  ((1, "aaaaaaa"), (2, "bbbbbbb"), (3, "ccccccc"), (4, "ddddddd")))


@pytest.fixture(scope="session")
def rsync_installed() -> None:
    """The rsync tests run rsync for real; a missing rsync is an error, never a skip."""
    if shutil.which("rsync") is None:
        pytest.fail("the deploy tests need rsync; install it with: sudo apt-get install -y rsync", pytrace=False)


def build(tmp_path: Path, version: str) -> tuple[Path, dict]:
    """A fresh fake build `site-<version>/` whose pages say `version`."""
    site = tmp_path / f"site-{version}"
    info = make_site(site, commit=f"{version * 8}"[:40], built_at=f"2026-11-26T11:45:0{version}Z",
                     text=f"build {version}")
    return site, info


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deploy.yml"
    path.write_text(text, encoding="utf-8")
    return path


def quiet(message: str) -> None:
    pass


def release_names(releases: Path) -> list[str]:
    return sorted(entry.name for entry in releases.iterdir())


# --- directory and rsync targets ---------------------------------------------------------------------

@pytest.fixture
def two_targets(tmp_path, rsync_installed):
    """A `directory` target and a local `rsync` target, each served over HTTP from `<path>/current`."""
    web, mirror = tmp_path / "web", tmp_path / "mirror"
    with serve_folder(web / "current") as web_url, serve_folder(mirror / "current") as mirror_url:
        config = write_config(tmp_path, f"""
targets:
  - name: web
    type: directory
    path: web
    url: {web_url}
  - name: mirror
    type: rsync
    path: {mirror}
    url: {mirror_url}
""")
        yield config, {"web": (web, web_url), "mirror": (mirror, mirror_url)}


def test_deploy_publishes_to_two_targets_and_both_serve_the_new_build(tmp_path, two_targets):
    config, targets = two_targets
    site1, info1 = build(tmp_path, "1")
    site2, info2 = build(tmp_path, "2")

    first = deploy(site1, config, log=quiet, release_id=R1)
    messages = []
    second = deploy(site2, config, log=messages.append, release_id=R2)

    assert [(result.name, result.type, result.release_id, result.previous_release_id) for result in second] == [
        ("web", "directory", R2, R1), ("mirror", "rsync", R2, R1)]
    assert [result.previous_release_id for result in first] == [None, None]
    for name, (path, url) in targets.items():
        assert get_json(url + "build-info.json") == info2, name
        assert b"build 2" in get(url + "en/index.html")
        assert os.readlink(path / "current") == f"releases/{R2}"
        assert release_names(path / "releases") == [R1, R2]  # the previous release is kept for rollback
        assert get_json(url + "build-info.json")["commit"] != info1["commit"]
    assert any(f"verified {targets['mirror'][1]}build-info.json" in message for message in messages)


def test_release_id_is_the_utc_time_and_the_short_commit(tmp_path, two_targets):
    build_info = BuildInfo("abc1234def5678" + "0" * 26, "2026-11-26T11:40:00Z", ("fr",))
    moment = datetime(2026, 11, 26, 12, 45, 0, tzinfo=timezone.utc).astimezone()
    assert make_release_id(build_info, moment) == "20261126T124500Z-abc1234"
    assert make_release_id(BuildInfo("unknown", "2026-11-26T11:40:00Z", ()), moment) == "20261126T124500Z-unknown"

    config, targets = two_targets
    site, _ = build(tmp_path, "1")
    [result, _] = deploy(site, config, log=quiet)
    assert contract.RELEASE_ID.match(result.release_id)
    assert result.release_id.endswith("-1111111")


def test_rsync_target_reaches_its_host_through_the_ssh_command(tmp_path, rsync_installed):
    ssh, calls = write_fake_ssh(tmp_path)
    remote = tmp_path / "remote-host" / "srv" / "helpcenter"
    with serve_folder(remote / "current") as url:
        config = write_config(tmp_path, f"""
targets:
  - name: web2
    type: rsync
    host: deploy@web2.invalid
    ssh_command: {ssh} -o BatchMode=yes
    path: {remote}
    url: {url}
""")
        deploy(build(tmp_path, "1")[0], config, log=quiet, release_id=R1)
        site2, info2 = build(tmp_path, "2")
        # A build rewrites every file: the unchanged stylesheet gets a new mtime, yet must be linked.
        later = time.time() + 60
        os.utime(site2 / "assets/stylesheets/extra.css", (later, later))
        deploy(site2, config, log=quiet, release_id=R2)
        assert get_json(url + "build-info.json") == info2

    recorded = calls.read_text(encoding="utf-8").splitlines()
    commands = [line for line in recorded if line.startswith("-o BatchMode=yes deploy@web2.invalid sh -c ")]
    copies = [line for line in recorded if line.startswith("-o BatchMode=yes -l deploy web2.invalid rsync --server ")]
    assert len(commands) == 6 and len(copies) == 2 and len(recorded) == 8  # check, complete, switch; twice
    assert "--link-dest" in copies[1]
    # --link-dest: a file the same in both builds is stored once
    css = "assets/stylesheets/extra.css"
    assert (remote / "releases" / R1 / css).stat().st_ino == (remote / "releases" / R2 / css).stat().st_ino


def test_interrupted_copy_leaves_the_previous_build_served_everywhere(tmp_path, two_targets, monkeypatch):
    config, targets = two_targets
    site1, info1 = build(tmp_path, "1")
    deploy(site1, config, log=quiet, release_id=R1)

    copied = []

    def copy_then_fail(source, destination):
        if len(copied) == 2:
            raise OSError(28, "No space left on device", destination)
        copied.append(destination)
        return shutil.copy2(source, destination)

    monkeypatch.setattr(directory, "_copy_file", copy_then_fail)
    with pytest.raises(DeployError) as failure:
        deploy(build(tmp_path, "2")[0], config, log=quiet, release_id=R2)

    message = str(failure.value)
    assert "target 'web'" in message and "No space left on device" in message
    assert "Nothing was switched" in message
    assert failure.value.targets == ("web",)
    for name, (path, url) in targets.items():
        assert get_json(url + "build-info.json") == info1, name
        assert b"build 1" in get(url + "index.html")
        assert release_names(path / "releases") == [R1], name  # no half-written release left behind
        assert os.readlink(path / "current") == f"releases/{R1}"


def test_a_deploy_killed_while_copying_is_never_served_and_is_cleared_next_time(tmp_path, two_targets):
    config, targets = two_targets
    deploy(build(tmp_path, "1")[0], config, log=quiet, release_id=R1)
    web, web_url = targets["web"]
    # what `kill -9` in the middle of a copy leaves: a partial folder under its temporary name
    partial = web / "releases" / f".incoming-{R2}"
    partial.mkdir()
    (partial / "index.html").write_text("half", encoding="utf-8")
    assert get_json(web_url + "build-info.json")["commit"] == "11111111"

    site3, info3 = build(tmp_path, "3")
    deploy(site3, config, log=quiet, release_id=R3)
    assert get_json(web_url + "build-info.json") == info3
    assert release_names(web / "releases") == [R1, R3]


def test_a_closed_port_fails_the_deploy_naming_the_target_before_anything_changes(tmp_path, rsync_installed):
    web = tmp_path / "web"
    with serve_folder(web / "current") as url:
        config = write_config(tmp_path, f"""
targets:
  - name: web
    type: directory
    path: {web}
    url: {url}
  - name: mirror
    type: rsync
    path: {tmp_path / 'mirror'}
    url: http://127.0.0.1:{closed_port()}/help/
""")
        with pytest.raises(DeployError) as failure:
            deploy(build(tmp_path, "1")[0], config, log=quiet, release_id=R1)
    message = str(failure.value)
    assert "target 'mirror'" in message and "cannot be reached" in message
    assert "target 'web'" not in message
    assert "Nothing was deployed" in message
    assert failure.value.targets == ("mirror",)
    assert not (web / "current").exists() and list((web / "releases").iterdir()) == []


def test_a_directory_that_cannot_be_written_fails_naming_the_target(tmp_path):
    (tmp_path / "not-a-folder").write_text("a file where the target folder should be", encoding="utf-8")
    with serve_folder(tmp_path) as url:
        config = write_config(tmp_path, f"""
targets:
  - name: web
    type: directory
    path: not-a-folder/helpcenter
    url: {url}
""")
        with pytest.raises(DeployError, match=r"target 'web': cannot write to .*not-a-folder/helpcenter/releases"):
            deploy(build(tmp_path, "1")[0], config, log=quiet)


def test_a_target_whose_server_does_not_serve_the_new_build_fails_the_deploy(tmp_path):
    web = tmp_path / "web"
    stale = tmp_path / "stale"  # the web server points somewhere else than <path>/current
    make_site(stale, commit="0" * 40, built_at="2025-01-01T00:00:00Z", text="old")
    with serve_folder(stale) as url:
        config = write_config(tmp_path, f"""
verify_timeout: 0.3
targets:
  - name: web
    type: directory
    path: {web}
    url: {url}
""")
        with pytest.raises(DeployError) as failure:
            deploy(build(tmp_path, "1")[0], config, log=quiet, release_id=R1)
    message = str(failure.value)
    assert message.startswith("target 'web': does not serve the new build")
    assert "'0000000000000000000000000000000000000000'" in message
    assert f"serves {web / 'current'}" in message
    assert "helpcenter deploy --rollback web" in message


def test_a_switch_failing_on_one_target_says_which_targets_serve_what(tmp_path, two_targets, monkeypatch):
    config, targets = two_targets
    site1, info1 = build(tmp_path, "1")
    deploy(site1, config, log=quiet, release_id=R1)
    switch = rsync.RsyncTarget.activate

    def read_only(target, release_id, build_info):
        raise contract.target_error(target.name, "cannot switch: Read-only file system")

    monkeypatch.setattr(rsync.RsyncTarget, "activate", read_only)
    site2, info2 = build(tmp_path, "2")
    with pytest.raises(DeployError) as failure:
        deploy(site2, config, log=quiet, release_id=R2)

    assert str(failure.value) == (
        "target 'mirror': cannot switch: Read-only file system\n"
        f"Already switched to {R2}: web; roll them back with helpcenter deploy --rollback web, or fix the problem "
        "and deploy again. Still on their previous build: mirror.")
    assert get_json(targets["web"][1] + "build-info.json") == info2
    assert get_json(targets["mirror"][1] + "build-info.json") == info1
    assert release_names(targets["mirror"][0] / "releases") == [R1]  # the release that never went live is gone
    monkeypatch.setattr(rsync.RsyncTarget, "activate", switch)
    assert rollback(config, "web", log=quiet).release_id == R1


def test_a_real_folder_in_place_of_the_current_symlink_is_refused(tmp_path, two_targets):
    config, targets = two_targets
    web, _ = targets["web"]
    (web / "current").mkdir(parents=True)
    with pytest.raises(DeployError, match=r"target 'web': .*/web/current is a real folder, not a symlink; move it away"):
        deploy(build(tmp_path, "1")[0], config, log=quiet)


def test_rollback_switches_back_to_the_previous_release(tmp_path, two_targets):
    config, targets = two_targets
    infos = {}
    for version, release in (("1", R1), ("2", R2), ("3", R3)):
        site, infos[version] = build(tmp_path, version)
        deploy(site, config, log=quiet, release_id=release)

    result = rollback(load_deploy_config(config), "web", log=quiet)
    assert (result.release_id, result.previous_release_id) == (R2, R3)
    web, web_url = targets["web"]
    assert get_json(web_url + "build-info.json") == infos["2"]
    assert os.readlink(web / "current") == f"releases/{R2}"
    assert get_json(targets["mirror"][1] + "build-info.json") == infos["3"]  # only the named target

    assert rollback(config, "web", log=quiet).release_id == R1  # never back to R3, the one left
    with pytest.raises(DeployError, match=r"target 'web': no release before .* is kept"):
        rollback(config, "web", log=quiet)

    mirror, mirror_url = targets["mirror"]
    assert rollback(config, "mirror", log=quiet).release_id == R2
    assert get_json(mirror_url + "build-info.json") == infos["2"]

    # the next deploy deletes the releases left by a rollback; a rollback then returns to R1
    deploy(build(tmp_path, "4")[0], config, log=quiet, release_id=R4)
    assert release_names(web / "releases") == [R1, R4]
    assert rollback(config, "web", log=quiet).release_id == R1
    with pytest.raises(DeployError, match=r"no target named 'nope'; the targets are: web, mirror"):
        rollback(config, "nope", log=quiet)


def test_keep_deletes_the_oldest_releases(tmp_path, two_targets):
    config, targets = two_targets
    config.write_text("keep: 2\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    for version, release in (("1", R1), ("2", R2), ("3", R3)):
        results = deploy(build(tmp_path, version)[0], config, log=quiet, release_id=release)
    assert [result.pruned for result in results] == [(R1,), (R1,)]
    for path, _ in targets.values():
        assert release_names(path / "releases") == [R2, R3]


def test_deploy_without_a_build_says_to_build_first(tmp_path):
    config = write_config(tmp_path, "targets:\n  - {name: web, type: directory, path: web, url: 'http://127.0.0.1:9/'}\n")
    with pytest.raises(DeployError, match=r"site: no built site here; run the build first"):
        deploy(tmp_path / "site", config, log=quiet)
    (tmp_path / "site").mkdir()
    with pytest.raises(DeployError, match=r"site/build-info\.json is missing.*run the build first"):
        deploy(tmp_path / "site", config, log=quiet)
    (tmp_path / "site" / "build-info.json").write_text('{"commit": "abc"}', encoding="utf-8")
    with pytest.raises(DeployError, match=r"build-info\.json has no 'built_at' text; run the build again"):
        read_build_info(tmp_path / "site")


# --- S3 through moto's server on 127.0.0.1 ------------------------------------------------------------

@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on 127.0.0.1, with dummy credentials and no AWS configuration files."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with pytest.MonkeyPatch.context() as env:
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "eu-west-3",
                            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                            "AWS_EC2_METADATA_DISABLED": "true"}.items():
            env.setenv(name, value)
        env.delenv("AWS_PROFILE", raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            yield f"http://127.0.0.1:{server.get_host_and_port()[1]}"
        finally:
            server.stop()


_bucket_numbers = iter(range(1000))


@pytest.fixture
def bucket(s3_endpoint, tmp_path):
    """A new bucket whose `help/` prefix is publicly readable, and a deploy.yml for it."""
    import boto3

    name = f"helpcenter-test-{next(_bucket_numbers)}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-3")
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    client.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/help/*"}]}))
    bucket_url = f"{s3_endpoint}/{name}/help/"
    with serve_s3_front(bucket_url) as front_url:
        config = write_config(tmp_path, f"""
targets:
  - name: cdn
    type: s3
    bucket: {name}
    prefix: /help/
    region: eu-west-3
    endpoint_url: {s3_endpoint}
    addressing_style: path
    url: {bucket_url}
    site_url: {front_url}
""")
        yield client, name, config, bucket_url, front_url


def keys(client, bucket_name: str, prefix: str) -> list[str]:
    answer = client.list_objects_v2(Bucket=bucket_name, Prefix=prefix)
    return sorted(item["Key"] for item in answer.get("Contents", []))


def test_s3_deploy_switches_the_pointer_and_keeps_the_previous_release(tmp_path, bucket):
    client, name, config, bucket_url, front_url = bucket
    site1, info1 = build(tmp_path, "1")
    site2, info2 = build(tmp_path, "2")
    deploy(site1, config, log=quiet, release_id=R1)
    assert get_json(front_url + "build-info.json") == info1

    [result] = deploy(site2, config, log=quiet, release_id=R2)

    assert result.verified_urls == (f"{bucket_url}current.json", f"{bucket_url}releases/{R2}/build-info.json",
                                    f"{front_url}build-info.json")
    assert get_json(bucket_url + "current.json")["release"] == R2
    assert get_json(bucket_url + f"releases/{R2}/build-info.json") == info2
    assert get_json(front_url + "build-info.json") == info2  # the site, through the pointer
    assert b"build 2" in get(front_url + "en/")
    files = ["assets/stylesheets/extra.css", "build-info.json", "en/index.html", "index.html",
             "search/search_index.json"]
    files = sorted(file + copy for file in files for copy in ("", ".br", ".gz"))  # all text: each has copies
    for release in (R1, R2):  # the previous release is kept, whole, for rollback
        assert keys(client, name, f"help/releases/{release}/") == [f"help/releases/{release}/{file}" for file in files]
    head = client.head_object(Bucket=name, Key=f"help/releases/{R2}/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert client.head_object(Bucket=name, Key="help/current.json")["CacheControl"] == "no-cache"


def test_s3_objects_carry_their_type_encoding_and_caching_and_copies_decode_to_their_file(tmp_path, bucket):
    import brotli

    client, name, config, bucket_url, front_url = bucket
    site, _ = build(tmp_path, "1")
    extra = {"de/index.html": b"<p>Hilfe</p>\n" * 50, "assets/javascripts/bundle.a5f9d56c.min.js": b"let a = 1;\n" * 40,
             "assets/javascripts/helpcenter.js": b"let b = 2;\n" * 40, "assets/logo.png": b"\x89PNG" + bytes(600),
             "pagefind/fragment/de_32a295f.pf_fragment": bytes(300), "sitemap.xml": b"<urlset/>\n" * 40}
    for file, body in extra.items():
        (site / file).parent.mkdir(parents=True, exist_ok=True)
        (site / file).write_bytes(body)
    deploy(site, config, log=quiet, release_id=R1)

    html, js = "text/html; charset=utf-8", "text/javascript; charset=utf-8"
    expected = {  # file: (Content-Type, Content-Encoding, Cache-Control), for the file, its .br and its .gz
        "index.html": (html, "no-cache"), "de/index.html": (html, "no-cache"), "en/index.html": (html, "no-cache"),
        "assets/javascripts/bundle.a5f9d56c.min.js": (js, "public, max-age=31536000, immutable"),
        "assets/javascripts/helpcenter.js": (js, "no-cache"),
        "assets/stylesheets/extra.css": ("text/css; charset=utf-8", "no-cache"),
        "search/search_index.json": ("application/json; charset=utf-8", "no-cache"),
        "build-info.json": ("application/json; charset=utf-8", "no-cache"),
        "sitemap.xml": ("application/xml; charset=utf-8", "no-cache"),
    }
    binary = {"assets/logo.png": ("image/png", "no-cache"),
              "pagefind/fragment/de_32a295f.pf_fragment": ("application/octet-stream", "public, max-age=31536000, immutable")}
    prefix = f"help/releases/{R1}/"
    objects = {key[len(prefix):]: client.head_object(Bucket=name, Key=key) for key in keys(client, name, prefix)}
    wanted = {file + copy: (kind, encoding, caching) for file, (kind, caching) in expected.items()
              for copy, encoding in (("", None), (".br", "br"), (".gz", "gzip"))}
    wanted |= {file: (kind, None, caching) for file, (kind, caching) in binary.items()}
    assert {file: (head["ContentType"], head.get("ContentEncoding"), head.get("CacheControl"))
            for file, head in objects.items()} == wanted
    for file in expected:  # each copy, as S3 serves it, is its file
        body = (site / file).read_bytes()
        get_object = client.get_object
        assert brotli.decompress(get_object(Bucket=name, Key=prefix + file + ".br")["Body"].read()) == body
        assert gzip.decompress(get_object(Bucket=name, Key=prefix + file + ".gz")["Body"].read()) == body


def test_s3_upload_interrupted_halfway_leaves_the_previous_release_live(tmp_path, bucket, monkeypatch):
    client, name, config, bucket_url, front_url = bucket
    site1, info1 = build(tmp_path, "1")
    deploy(site1, config, log=quiet, release_id=R1)

    real_put = s3._put_file
    lock, uploaded = threading.Lock(), []

    def put_then_fail(*args):
        with lock:
            if len(uploaded) == 2:
                raise OSError("connection reset by peer")
            uploaded.append(args)
        real_put(*args)

    monkeypatch.setattr(s3, "_put_file", put_then_fail)
    with pytest.raises(DeployError, match=r"target 'cdn': cannot upload the site .*connection reset by peer"):
        deploy(build(tmp_path, "2")[0], config, log=quiet, release_id=R2)

    assert get_json(bucket_url + "current.json")["release"] == R1
    assert get_json(front_url + "build-info.json") == info1
    assert keys(client, name, f"help/releases/{R2}/") == []  # the unfinished release is removed


def test_s3_rollback_points_back_to_the_previous_release(tmp_path, bucket):
    client, name, config, bucket_url, front_url = bucket
    site1, info1 = build(tmp_path, "1")
    deploy(site1, config, log=quiet, release_id=R1)
    deploy(build(tmp_path, "2")[0], config, log=quiet, release_id=R2)

    result = rollback(config, "cdn", log=quiet)

    assert (result.release_id, result.previous_release_id) == (R1, R2)
    assert get_json(bucket_url + "current.json")["release"] == R1
    assert get_json(front_url + "build-info.json") == info1
    assert f"help/releases/{R2}.rolled-back" in keys(client, name, "help/releases/")
    with pytest.raises(DeployError, match="target 'cdn': no release before"):
        rollback(config, "cdn", log=quiet)


def test_s3_bucket_that_does_not_exist_fails_naming_the_target(tmp_path, bucket):
    client, name, config, bucket_url, front_url = bucket
    config.write_text(config.read_text(encoding="utf-8").replace(f"bucket: {name}", "bucket: no-such-bucket"),
                      encoding="utf-8")
    with pytest.raises(DeployError, match=r"target 'cdn': cannot read the bucket on s3://no-such-bucket/help/"):
        deploy(build(tmp_path, "1")[0], config, log=quiet)


# --- the configuration -----------------------------------------------------------------------------

TARGET = "targets:\n  - name: web\n"


@pytest.mark.parametrize(("text", "expected"), [
    (TARGET + "    type: ftp\n    url: https://help.example.com/\n",
     "deploy.yml:3: targets[web].type: unknown target type 'ftp'; use directory, rsync or s3"),
    (TARGET + "    type: directory\n    path: /srv/help\n",
     "deploy.yml:2: targets[web].url: missing; add `url:`"),
    (TARGET + "    type: s3\n    url: https://help.example.com/\n",
     "deploy.yml:2: targets[web].bucket: missing; add `bucket:`"),
    (TARGET + "    type: directory\n    url: https://help.example.com/\n    pth: /srv/help\n",
     "deploy.yml:5: targets[web].pth: unknown key; did you mean 'path'?"),
    ("targets:\n  - type: directory\n    url: https://help.example.com/\n    path: /srv\n",
     "deploy.yml:2: targets[0].name: missing; add `name:`"),
    (TARGET + "    url: https://help.example.com/\n",
     "deploy.yml:2: targets[web].type: missing; add `type:` (directory, rsync or s3)"),
    (TARGET + "    type: directory\n    url: help.example.com\n    path: /srv\n",
     "deploy.yml:4: targets[web].url: 'help.example.com' is not an http:// or https:// URL"),
    (TARGET + "    type: directory\n    url: https://a.example/\n    path: /a\n"
     "  - name: web\n    type: directory\n    url: https://b.example/\n    path: /b\n",
     "deploy.yml:6: targets[1].name: 'web' is already the name of the target on line 2"),
    ("keep: 1\n" + TARGET + "    type: directory\n    url: https://help.example.com/\n    path: /srv\n",
     "deploy.yml:1: keep: must be a whole number of releases, at least 2"),
    (TARGET + "    type: rsync\n    host: web2.example.com\n    path: srv/help\n    url: https://help.example.com/\n",
     "deploy.yml:5: targets[web].path: 'srv/help' must be an absolute path on web2.example.com"),
    ("target:\n  - name: web\n", "deploy.yml:1: target: unknown key; did you mean 'targets'?"),
    ("", "deploy.yml: the file is empty; list the targets under `targets:`"),
    ("targets:\n  - name: web\n    type: [directory\n", "deploy.yml:4: YAML syntax error"),
])
def test_config_errors_name_the_file_the_line_and_the_key(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    path = Path("deploy.yml")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeployConfigError) as failure:
        load_deploy_config(path)
    assert str(failure.value).startswith(expected), str(failure.value)
    assert isinstance(failure.value, DeployError) and isinstance(failure.value, PolicyError)


def test_a_missing_config_file_says_how_to_make_one(tmp_path):
    with pytest.raises(DeployError, match=r"deploy\.yml: file not found; copy deploy\.example\.yml"):
        load_deploy_config(tmp_path / "deploy.yml")


def test_paths_are_relative_to_the_config_file_not_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "ops").mkdir()
    config = write_config(tmp_path / "ops", "keep: 3\nverify_timeout: 5\n" + TARGET
                          + "    type: directory\n    path: ../www\n    url: https://help.example.com\n"
                            "    verify_timeout: 60\n")
    monkeypatch.chdir(ROOT)
    [target] = load_deploy_config(config).targets
    assert target.path == tmp_path / "ops" / ".." / "www"
    assert (target.url, target.keep, target.verify_timeout) == ("https://help.example.com/", 3, 60.0)


def test_the_example_configuration_is_valid():
    config = load_deploy_config(ROOT / "deploy.example.yml")
    assert [target.kind for target in config.targets] == ["directory", "rsync", "s3"]


def test_the_deploy_module_imports_neither_mkdocs_nor_boto3():
    code = ("import sys, helpcenter.deploy.pipeline; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'boto3', 'botocore'}))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
