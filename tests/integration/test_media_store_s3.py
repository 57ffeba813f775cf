"""Audio kept in an S3-compatible store (MEDIA_STORE=s3), over real HTTP.

The store adapter against the S3 REST API, then the whole product with its media in a
bucket: question speech and recordings land there, are served to their owner only, and an
outage of the store refuses a segment with a retryable 503 that loses nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings
from intervox_platform.storage import MediaStoreError
from intervox_platform.storage_s3 import S3MediaStore

from intervox.embedded import create_app
from tests.integration.test_voice_rest_embedded import tone_wav
from tests.support.client import register
from tests.support.s3 import ACCESS_KEY, SECRET_KEY, S3Server, s3_server
from tests.support.servers import serve_in_process


@pytest.fixture
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


def store_for(s3: S3Server, bucket: str, **options: object) -> S3MediaStore:
    return S3MediaStore(
        bucket,
        endpoint_url=s3.url,
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        **options,  # type: ignore[arg-type]
    )


async def test_objects_round_trip_under_the_prefix(s3: S3Server) -> None:
    store = store_for(s3, "intervox-media", prefix="/prod/", create_bucket=True)
    await store.start()
    await store.start()  # the bucket exists now: nothing to do
    key = "recordings/u/i/a/0000.webm"
    assert not await store.exists(key)
    assert await store.get(key) is None
    await store.put(key, b"\x1aE\xdf\xa3 audio")
    assert await store.exists(key)
    assert await store.get(key) == b"\x1aE\xdf\xa3 audio"
    stored = s3.client().head_object(Bucket="intervox-media", Key=f"prod/{key}")
    assert stored["ContentType"] == "audio/webm"
    with pytest.raises(ValueError, match="unsafe media key"):
        await store.put("../etc/passwd", b"x")


async def test_a_missing_bucket_or_store_is_a_clear_error(s3: S3Server) -> None:
    with pytest.raises(MediaStoreError, match=r"does not exist.*S3_CREATE_BUCKET"):
        await store_for(s3, "no-such-bucket").start()
    store = store_for(s3, "intervox-media", create_bucket=True)
    await store.start()
    s3.stop()
    with pytest.raises(MediaStoreError, match=r"put of 'questions/q\.wav'"):
        await store.put("questions/q.wav", b"RIFF")
    unreachable = store_for(s3, "intervox-media", start_wait_s=0.5)
    with pytest.raises(MediaStoreError, match="not reachable"):
        await unreachable.start()


@pytest.fixture
async def product_on_s3(
    s3: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    for name, value in s3.env("intervox-media", prefix="it").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("STT_LOCAL_MODEL", "tiny.en")
    app = create_app(GatewaySettings(data_dir=tmp_path, log_json=False))
    async with serve_in_process(app) as url:
        yield url


async def test_the_product_keeps_its_audio_in_the_bucket(
    product_on_s3: str, s3: S3Server, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=product_on_s3, timeout=60) as http:
        owner = await register(http, product_on_s3)
        stranger = await register(http, product_on_s3)
        interview = await owner.create_interview(question_count=1)
        async with owner.events(interview["id"]) as stream:
            question = (await stream.until("questions_ready", timeout=60))["payload"][
                "first_question"
            ]
            spoken = (await stream.until("question_audio_ready", timeout=120))["payload"]
        speech = await http.get(spoken["audio_url"], headers=owner.headers)
        assert speech.status_code == 200
        assert speech.content[:4] == b"RIFF"
        question_key = spoken["audio_url"].removeprefix("/api/v1/media/")
        in_bucket = s3.client().get_object(Bucket="intervox-media", Key=f"it/{question_key}")
        assert in_bucket["Body"].read() == speech.content

        answer_id = uuid.uuid4()
        base = f"/api/v1/interviews/{interview['id']}/answers/{answer_id}/audio"
        query = {"question_id": question["question_id"]}
        audio_headers = owner.headers | {"content-type": "audio/wav"}
        # The store is down: the segment is refused, retryable, and nothing is recorded.
        s3.stop()
        refused = await http.post(
            f"{base}/0", params=query, content=tone_wav(), headers=audio_headers
        )
        assert refused.status_code == 503
        assert refused.json()["code"] == "MEDIA_STORE_UNAVAILABLE"
        assert refused.headers["retry-after"]
        s3.start()
        early = await http.post(
            f"{base}/complete", params=query | {"segment_count": 1}, headers=owner.headers
        )
        assert early.status_code == 409  # the refused segment was not counted
        # The same segment, sent again once the store is back, is accepted.
        accepted = await http.post(
            f"{base}/0", params=query, content=tone_wav(), headers=audio_headers
        )
        assert accepted.status_code == 202, accepted.text
        done = await http.post(
            f"{base}/complete", params=query | {"segment_count": 1}, headers=owner.headers
        )
        assert done.status_code == 202

        key = f"recordings/{owner.user_id}/{interview['id']}/{answer_id}/0000.wav"
        assert s3.client().head_object(Bucket="intervox-media", Key=f"it/{key}")
        mine = await http.get(f"/api/v1/media/{key}", headers=owner.headers)
        assert mine.status_code == 200
        assert mine.content == tone_wav()
        theirs = await http.get(f"/api/v1/media/{key}", headers=stranger.headers)
        assert theirs.status_code == 404
    # Nothing went to local disk.
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.wav"))
