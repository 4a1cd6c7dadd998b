"""The s3 deploy target: releases in an S3-compatible bucket, switched by one pointer object (extra `helpcenter[s3]`)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Iterator

from helpcenter.deploy.contract import (
    RELEASE_ID, ROLLED_BACK, BuildInfo, DeployError, Log, Target, TargetState, state_from_entries, target_error,
)
from helpcenter.deploy.headers import file_headers
from helpcenter.deploy.http import BUILD_INFO, NotServed, expect_build, fetch_json, join_url

POINTER = "current.json"  # names the live release
UPLOAD_THREADS = 8  # parallel PUTs to S3
NEEDS_BOTO3 = "the s3 target needs boto3, which is not installed; install the s3 extra: pip install 'helpcenter[s3]'"


# boto3's names of the object metadata that S3 serves back as these response headers.
_METADATA = {"Content-Type": "ContentType", "Cache-Control": "CacheControl", "Content-Encoding": "ContentEncoding"}


def _put_file(client: Any, bucket: str, key: str, path: Path) -> None:
    metadata = {_METADATA[header]: value for header, value in file_headers(path).items()}
    with open(path, "rb") as body:
        client.put_object(Bucket=bucket, Key=key, Body=body, **metadata)


def site_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(relative POSIX path, file) of every file of a site, build-info.json last."""
    files = sorted((path.relative_to(site_dir).as_posix(), path) for path in site_dir.rglob("*") if path.is_file())
    return [entry for entry in files if entry[0] != BUILD_INFO] + [entry for entry in files if entry[0] == BUILD_INFO]


@dataclass(frozen=True, kw_only=True)
class S3Target(Target):
    """An S3-compatible bucket: every release under `<prefix>releases/<release-id>/`, never modified once
    written, and the pointer object `<prefix>current.json` (`{"release": ..., "path": "releases/<id>/",
    "commit": ..., "built_at": ...}`) naming the live release.

    Guarantee. A release is uploaded whole, its `build-info.json` last, before the pointer names it;
    the switch is one PUT of `current.json`, which S3 applies atomically and serves with strong
    read-after-write consistency: whoever reads the pointer gets the previous release or the new one,
    and every object of the release it names is already there. Rollback is again one pointer write;
    earlier releases stay (`keep`). Readers who follow the pointer never see a half-uploaded release.

    What S3 cannot do: switch many objects at once, so the pages are not served from fixed keys. The
    public site needs a small front (CDN edge function, Worker, reverse proxy) that reads
    `current.json` (cached a few seconds at most) and serves `releases/<release>/<path>`; until its
    cache expires it may still serve the previous release (`verify_timeout` covers that).

    Compressed text: the brotli and gzip copies of the text files (`x.html.br`, written by the pipeline)
    are stored with `Content-Encoding` and their file's type and caching (helpcenter.deploy.headers); S3
    cannot choose one by `Accept-Encoding`, the front does (README, "Compressed text").

    Verification over HTTP: `<url>/current.json` must name the new release and
    `<url>/releases/<release>/build-info.json` must be the new build, read from `url` (the bucket
    prefix as served over HTTP: public read on the prefix, or a CDN in front of the bucket); with
    `site_url`, the front's `<site_url>/build-info.json` must be the new build too.

    Credentials come from the usual AWS chain (environment, `~/.aws`, instance role), or `profile`;
    never from the deploy configuration. One deploy at a time per bucket prefix.
    """

    kind: ClassVar[str] = "s3"
    bucket: str
    prefix: str = ""  # "" or "folder/" (ends with a slash)
    region: str | None = None
    endpoint_url: str | None = None
    profile: str | None = None
    addressing_style: str | None = None  # auto, path or virtual
    site_url: str | None = None

    def where(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}"
        return f"{where} at {self.endpoint_url}" if self.endpoint_url else where

    def key(self, *parts: str) -> str:
        return self.prefix + "/".join(parts)

    @cached_property
    def client(self) -> Any:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise target_error(self.name, NEEDS_BOTO3) from None
        options: dict[str, Any] = {"connect_timeout": 10, "read_timeout": 60, "max_pool_connections": UPLOAD_THREADS,
                                   "retries": {"max_attempts": 3, "mode": "standard"}}
        if self.addressing_style:
            options["s3"] = {"addressing_style": self.addressing_style}
        if self.endpoint_url:  # S3-compatible services do not all accept the newer default checksums
            options |= {"request_checksum_calculation": "when_required",
                        "response_checksum_validation": "when_required"}
        with self.errors("create the S3 client"):
            session = boto3.session.Session(profile_name=self.profile, region_name=self.region)
            return session.client("s3", endpoint_url=self.endpoint_url, config=Config(**options))

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn boto3's exceptions into a DeployError that names the target and says what to check."""
        try:
            from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound
        except ImportError:
            raise target_error(self.name, NEEDS_BOTO3) from None
        try:
            yield
        except NoCredentialsError:
            raise target_error(self.name, f"cannot {doing}: no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                                          f"AWS_SECRET_ACCESS_KEY, or `profile:` in the deploy configuration") from None
        except ProfileNotFound:
            raise target_error(self.name, f"cannot {doing}: AWS profile {self.profile!r} is not in ~/.aws/config") from None
        except ClientError as error:
            info = error.response.get("Error", {})
            code = str(info.get("Code", "?"))
            hint = {"NoSuchBucket": f"bucket {self.bucket!r} does not exist; create it or fix `bucket:`",
                    "404": f"bucket {self.bucket!r} does not exist; create it or fix `bucket:`",
                    "AccessDenied": f"access denied; the credentials need s3:ListBucket, s3:GetObject, "
                                    f"s3:PutObject and s3:DeleteObject on {self.where()}",
                    "403": f"access denied; the credentials need s3:ListBucket, s3:GetObject, "
                           f"s3:PutObject and s3:DeleteObject on {self.where()}"}.get(code, info.get("Message", ""))
            raise target_error(self.name, f"cannot {doing} on {self.where()}: {code} {hint}".rstrip()) from None
        except BotoCoreError as error:
            raise target_error(self.name, f"cannot {doing} on {self.where()}: {error}; check `endpoint_url:`, "
                                          f"`region:` and the network") from None

    def read_pointer(self) -> dict | None:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(POINTER))
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
                return None
            raise
        try:
            pointer = json.loads(answer["Body"].read())
            if not (isinstance(pointer, dict) and isinstance(pointer.get("release"), str)):
                raise ValueError
        except ValueError:
            raise target_error(self.name, f"s3://{self.bucket}/{self.key(POINTER)} is not a release pointer "
                                          f"(a JSON object with 'release'); fix it or delete it") from None
        return pointer

    def _list_releases(self) -> list[str]:
        base = self.key("releases") + "/"
        entries = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base, Delimiter="/"):
            entries += [common["Prefix"][len(base):].rstrip("/") for common in page.get("CommonPrefixes", [])]
            entries += [item["Key"][len(base):] for item in page.get("Contents", [])]
        return entries

    def check(self) -> TargetState:
        with self.errors("read the bucket"):
            self.client.head_bucket(Bucket=self.bucket)
            pointer = self.read_pointer()
            entries = self._list_releases()
        current = pointer["release"] if pointer and RELEASE_ID.match(pointer["release"]) else None
        return state_from_entries(f"releases/{current}" if current else None, entries)

    def upload(self, site_dir: Path, release_id: str, state: TargetState, log: Log) -> None:
        if release_id in state.releases:
            raise target_error(self.name, f"release {release_id} already exists in {self.where()}; deploy again "
                                          f"in a second")
        files = site_files(site_dir)
        *body, last = files
        with self.errors(f"upload release {release_id}"):
            with ThreadPoolExecutor(max_workers=UPLOAD_THREADS) as pool:
                futures = [pool.submit(_put_file, self.client, self.bucket, self.key("releases", release_id, name),
                                       path) for name, path in body]
                try:
                    for future in as_completed(futures):
                        future.result()
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
            # build-info.json last: a release without it is unfinished and never goes live
            _put_file(self.client, self.bucket, self.key("releases", release_id, last[0]), last[1])

    def _delete_prefixes(self, release_ids: list[str]) -> None:
        keys = []
        for release in release_ids:
            prefix = self.key("releases", release) + "/"
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
                keys += [item["Key"] for item in page.get("Contents", [])]
            keys.append(self.key("releases", f"{release}{ROLLED_BACK}"))
        for start in range(0, len(keys), 1000):
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": key} for key in keys[start:start + 1000]], "Quiet": True})
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise target_error(self.name, f"cannot delete {first.get('Key')}: {first.get('Code')} "
                                              f"{first.get('Message', '')}".rstrip())

    def discard(self, release_id: str) -> None:
        try:
            with self.errors(f"remove the unfinished release {release_id}"):
                pointer = self.read_pointer()
                if not pointer or pointer["release"] != release_id:
                    self._delete_prefixes([release_id])
        except DeployError:
            pass  # best effort: an unfinished release has no build-info.json and is pruned later

    def activate(self, release_id: str, build: BuildInfo) -> None:
        with self.errors(f"switch {self.key(POINTER)} to release {release_id}"):
            if not self.is_complete(release_id):
                raise target_error(self.name, f"release {release_id} is incomplete in {self.where()}; deploy again")
            pointer = {"release": release_id, "path": f"releases/{release_id}/", "commit": build.commit,
                       "built_at": build.built_at}
            self.client.put_object(Bucket=self.bucket, Key=self.key(POINTER), Body=json.dumps(pointer, indent=2).encode(),
                                   ContentType="application/json", CacheControl="no-cache")

    def is_complete(self, release_id: str) -> bool:
        from botocore.exceptions import ClientError

        with self.errors(f"read release {release_id}"):
            try:
                self.client.head_object(Bucket=self.bucket, Key=self.key("releases", release_id, BUILD_INFO))
            except ClientError as error:
                if str(error.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
                    return False
                raise
        return True

    def release_build(self, release_id: str) -> BuildInfo:
        with self.errors(f"read the {BUILD_INFO} of release {release_id}"):
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key("releases", release_id, BUILD_INFO))
            return BuildInfo.from_data(json.loads(answer["Body"].read()))

    def mark_rolled_back(self, release_id: str) -> None:
        with self.errors(f"mark release {release_id} as rolled back"):
            self.client.put_object(Bucket=self.bucket, Key=self.key("releases", f"{release_id}{ROLLED_BACK}"), Body=b"")

    def prune(self, release_ids: list[str]) -> None:
        with self.errors("remove old releases"):
            pointer = self.read_pointer()
            live = pointer["release"] if pointer else None
            self._delete_prefixes([release for release in release_ids if release != live and RELEASE_ID.match(release)])

    def probe_urls(self) -> list[str]:
        urls = [join_url(self.url, POINTER)]
        return urls + [join_url(self.site_url, BUILD_INFO)] if self.site_url else urls

    def verify(self, release_id: str, build: BuildInfo) -> list[str]:
        pointer_url = join_url(self.url, POINTER)
        named = fetch_json(pointer_url).get("release")
        if named != release_id:
            raise NotServed(f"{pointer_url} names release {named!r}, not {release_id}")
        release_url = join_url(self.url, "releases", release_id, BUILD_INFO)
        expect_build(release_url, build)
        urls = [pointer_url, release_url]
        if self.site_url:
            front_url = join_url(self.site_url, BUILD_INFO)
            expect_build(front_url, build)
            urls.append(front_url)
        return urls

    def serving_hint(self) -> str:
        hint = (f"check that {self.url} serves s3://{self.bucket}/{self.prefix} over HTTP (public read on the prefix, "
                f"or a CDN in front of the bucket) and that no cache keeps the old {POINTER}")
        if self.site_url:
            hint += f"; and that the front of {self.site_url} follows {POINTER}"
        return hint
