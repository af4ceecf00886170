"""Runs the SAM translator (the package cfn-lint installs) on a template, as `sam deploy` would before CloudFormation.

usage: sam-translate.py TEMPLATE OUT.json [Parameter=Value ...]   writes the translated CloudFormation as JSON.
Local CodeUri/DefinitionUri become S3 URIs (what `sam package` does); managed policy names resolve from a fixed table,
since the translator may not call IAM here.
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

POLICIES = {name: "arn:aws:iam::aws:policy/" + path for name, path in {
    "AWSXRayDaemonWriteAccess": "AWSXRayDaemonWriteAccess",
    "AWSXrayWriteOnlyAccess": "AWSXrayWriteOnlyAccess",
    "AWSLambdaBasicExecutionRole": "service-role/AWSLambdaBasicExecutionRole",
}.items()}


class Policies:
    def load(self):
        return POLICIES

    def get(self, name, partition):
        return POLICIES.get(name)


def main():
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the translator needs a region for pseudo parameters
    template = yaml_parse(open(sys.argv[1]).read())
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "DefinitionUri"):
            if isinstance(props.get(key), str):
                props[key] = "s3://bucket/" + props[key]
    params = dict(arg.split("=", 1) for arg in sys.argv[3:])
    with open(sys.argv[2], "w") as out:
        json.dump(transform(template, params, Policies()), out)


main()
