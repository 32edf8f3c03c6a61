"""Rehearses the static-site deploy without an AWS account.

Creates the S3 part of the synthesized FeiraSite template (cdk.out) on moto
through CloudFormation, then runs `feira site deploy` into the bucket the stack
made, and checks what landed. CloudFront is left out: moto's CloudFormation
does not model origin access control (the CloudFront half of `feira site
deploy` is tested against moto's CloudFront API in crates/site).

    python rehearse_site.py --endpoint-url http://127.0.0.1:5055 --feira path/to/feira
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import uuid

import boto3

HERE = pathlib.Path(__file__).parent
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "eu-west-1"}


def s3_part(template: dict) -> dict:
    """The template's buckets, with the one output the deploy needs."""
    resources = {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::S3::Bucket"
    }
    site = next(name for name in resources if name.startswith("SiteBucket"))
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": resources,
        "Outputs": {"BucketName": {"Value": {"Ref": site}}},
    }


def deploy(feira: str, folder: pathlib.Path, bucket: str, endpoint: str) -> str:
    done = subprocess.run(
        [feira, "site", "deploy", str(folder), "--bucket", bucket, "--endpoint-url", endpoint],
        capture_output=True,
        text=True,
        check=False,
        # moto takes any credentials; the standard AWS chain reads these.
        env={**os.environ, **CREDENTIALS},
    )
    if done.returncode != 0:
        sys.exit(f"feira site deploy failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--feira", required=True)
    parser.add_argument("--template", default=str(HERE / "cdk.out" / "FeiraSite.template.json"))
    args = parser.parse_args()

    session = boto3.Session(
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["AWS_REGION"],
    )
    cloudformation = session.client("cloudformation", endpoint_url=args.endpoint_url)
    s3 = session.client("s3", endpoint_url=args.endpoint_url)

    template = s3_part(json.loads(pathlib.Path(args.template).read_text()))
    stack = f"feira-site-rehearsal-{uuid.uuid4().hex[:8]}"
    cloudformation.create_stack(StackName=stack, TemplateBody=json.dumps(template))
    cloudformation.get_waiter("stack_create_complete").wait(
        StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
    )
    outputs = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]
    bucket = next(o["OutputValue"] for o in outputs if o["OutputKey"] == "BucketName")

    # moto's CloudFormation makes the buckets but applies few of their
    # properties (public access block, versioning, logging are dropped): those
    # are checked on the template by test/stacks.test.ts. Here: the bucket the
    # stack made takes a deploy.
    s3.head_bucket(Bucket=bucket)

    with tempfile.TemporaryDirectory() as tmp:
        site = pathlib.Path(tmp)
        (site / "assets").mkdir()
        (site / "index.html").write_text("<!doctype html><title>Feira</title><script src=/assets/app.3f9a1c2b.js></script>")
        (site / "assets" / "app.3f9a1c2b.js").write_text("console.log('feira');")
        first = deploy(args.feira, site, bucket, args.endpoint_url)
        second = deploy(args.feira, site, bucket, args.endpoint_url)

    objects = {o["Key"]: o for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}
    assert set(objects) == {"index.html", "assets/app.3f9a1c2b.js"}, objects
    html = s3.head_object(Bucket=bucket, Key="index.html")
    asset = s3.head_object(Bucket=bucket, Key="assets/app.3f9a1c2b.js")
    assert html["ContentType"].startswith("text/html"), html["ContentType"]
    assert html["CacheControl"] == "no-cache", html["CacheControl"]
    assert "immutable" in asset["CacheControl"], asset["CacheControl"]
    def summary(out: str) -> str:
        return next(line for line in out.splitlines() if line.startswith("uploaded"))

    assert "uploaded 2," in summary(first), first
    assert "uploaded 0, unchanged 2," in summary(second), second

    # Tear down: the bucket must be emptied (with its versions) first.
    for version in s3.list_object_versions(Bucket=bucket).get("Versions", []):
        s3.delete_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])
    cloudformation.delete_stack(StackName=stack)
    print(f"rehearsal: stack {stack} made bucket {bucket} on moto; first deploy: {summary(first)}; second: {summary(second)}")


if __name__ == "__main__":
    main()
