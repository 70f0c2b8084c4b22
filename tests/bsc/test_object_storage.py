"""Uploads and built reports in an S3-compatible bucket (moto's server on 127.0.0.1): stored
through Django's storage API, never on the local disk, private in the bucket, and served only
through the pages' tenancy checks."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from bsc.settings import object_storage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
BUCKET = "bsc-test-media"
PORT = 8120


@pytest.fixture(scope="module")
def s3_server():
    boto3 = pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{PORT}",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


@pytest.fixture
def on_s3(s3_server, tmp_path):
    url = f"s3://test:test@127.0.0.1:{PORT}/{BUCKET}?region=us-east-1&secure=false"
    storages = {
        "default": object_storage(url),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path / "media")):
        yield s3_server


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_storage_url_settings():
    options = object_storage("s3://AK:S%2Fx@minio:9000/media?region=eu-west-1&secure=false")
    assert options["BACKEND"] == "storages.backends.s3.S3Storage"
    opts = options["OPTIONS"]
    assert opts["bucket_name"] == "media" and opts["endpoint_url"] == "http://minio:9000"
    assert opts["secret_key"] == "S/x" and opts["region_name"] == "eu-west-1"
    assert opts["default_acl"] == "private" and opts["querystring_auth"] is True
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        object_storage("ftp://host/bucket")


def test_a_library_upload_lives_in_the_bucket_and_is_served_through_the_page(
    on_s3, it_client, client_for, outsider, demo, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pdsa.library.models import Resource

    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    response = it_client.post(
        f"/c/{demo.slug}/resources/new/", {"title": "Family guide", "upload": upload}
    )
    assert response.status_code == 302
    resource = Resource.objects.get(title="Family guide")
    assert resource.file.name in _keys(on_s3)
    assert not (tmp_path / "media").exists()  # nothing on this process's disk
    served = it_client.get(f"/c/{demo.slug}/resources/{resource.public_id}/file/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["Content-Security-Policy"].endswith("sandbox")
    other = client_for(outsider).get(f"/c/{demo.slug}/resources/{resource.public_id}/file/")
    assert other.status_code == 404
    # The bucket answers nobody without a signature.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/{BUCKET}/{resource.file.name}")
    assert refused.value.code == 403
    # A signed URL works, briefly: the storage's URLs carry a signature and an expiry.
    signed = default_storage.url(resource.file.name)
    assert "Signature=" in signed or "X-Amz-Signature=" in signed
    assert "Expires=" in signed or "X-Amz-Expires=300" in signed


def test_a_built_report_lives_in_the_bucket(on_s3, it_client, demo):
    from metrics.reports.models import Report
    from metrics.reports.services import report_build

    report = Report.objects.filter(collaborative=demo, kind="center_metrics").first()
    result = report_build(report, announce=False)
    assert result.file.file.name in _keys(on_s3)
    response = it_client.get(f"/c/{demo.slug}/metrics/reports/{report.public_id}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_storyboard_goes_to_the_bucket(on_s3, demo, first_center):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bsc.tenancy import get_access
    from centers.teams import services

    leader = first_center.memberships.filter(center_role="team_leader").first().user
    access = get_access(leader, demo.slug)
    upload = SimpleUploadedFile("board.pdf", PDF, content_type="application/pdf")
    services.team_update(
        access=access,
        center=first_center,
        team_name=first_center.team_name or "Team",
        motto=first_center.motto,
        storyboard=upload,
    )
    first_center.refresh_from_db()
    assert first_center.storyboard.name in _keys(on_s3)
    with first_center.storyboard.open("rb") as handle:
        assert handle.read() == PDF
