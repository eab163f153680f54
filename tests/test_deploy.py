"""deploy/: the Kubernetes manifests validated offline, and checked against the command and variables they drive."""

from __future__ import annotations

import argparse
import copy
import re
import shlex
import tomllib
from typing import Any

import kubernetes_validate
import pytest
import yaml

from onap_hpa_host import env
from onap_hpa_host.cli import sync as sync_command

from .conftest import REPO

DEPLOY = REPO / "deploy"
MANIFESTS = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
#: Oldest and newest Kubernetes the validator ships schemas for: ONAP's OOM runs on a range of them.
VERSIONS = [kubernetes_validate.utils.all_versions()[0], kubernetes_validate.utils.latest_version()]
REQUIRED = {
    env.OS_AUTH_URL,
    env.OS_USERNAME,
    env.OS_PASSWORD,
    env.OS_PROJECT_NAME,
    env.AAI_URL,
    env.AAI_USER,
    env.AAI_PASSWORD,
    env.CLOUD_OWNER,
    env.CLOUD_REGION_ID,
}


def _documents() -> list[dict[str, Any]]:
    return [doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text()) if doc]


def _by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in _documents() if doc["kind"] == kind}


def _pod(cronjob: dict[str, Any]) -> dict[str, Any]:
    return cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", MANIFESTS, ids=[p.name for p in MANIFESTS])
def test_manifests_are_valid_kubernetes(path, version):
    for doc in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(doc, version, strict=True)


def test_the_validator_catches_a_misspelled_field():
    cronjob = copy.deepcopy(next(iter(_by_kind("CronJob").values())))
    cronjob["spec"]["schedul"] = cronjob["spec"].pop("schedule")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(cronjob, VERSIONS[-1], strict=True)


def test_one_cronjob_per_region_never_overlapping_itself():
    config_maps, cronjobs = _by_kind("ConfigMap"), _by_kind("CronJob")
    assert len(cronjobs) >= 2
    regions = []
    for cronjob in cronjobs.values():
        assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
        assert _pod(cronjob)["restartPolicy"] == "Never"
        refs = [
            ref["configMapRef"]["name"] for ref in _pod(cronjob)["containers"][0]["envFrom"] if "configMapRef" in ref
        ]
        regions.append(
            next(
                config_maps[name]["data"][env.CLOUD_REGION_ID]
                for name in refs
                if env.CLOUD_REGION_ID in config_maps[name]["data"]
            )
        )
    assert len(set(regions)) == len(regions)


@pytest.mark.parametrize("name", sorted(_by_kind("CronJob")))
def test_each_cronjob_runs_a_valid_sync_with_every_setting_and_secrets_only_in_secrets(name):
    cronjob = _by_kind("CronJob")[name]
    container = _pod(cronjob)["containers"][0]
    command = [*container["command"], *container.get("args", [])]
    assert command[:2] == ["onap-hpa", "sync"]
    parser = argparse.ArgumentParser()
    sync_command.configure(parser)
    parser.parse_args(command[2:])  # exits (fails the test) on a flag the command does not know

    config_maps, secrets = _by_kind("ConfigMap"), _by_kind("Secret")
    plain: set[str] = set()
    secret: set[str] = set()
    for ref in container["envFrom"]:
        if "configMapRef" in ref:
            plain |= config_maps[ref["configMapRef"]["name"]]["data"].keys()
        else:
            secret |= secrets[ref["secretRef"]["name"]]["stringData"].keys()
    assert (plain | secret) <= env.VARIABLES.keys()  # every variable is one onap-hpa documents
    assert plain | secret >= REQUIRED
    assert not any("PASSWORD" in key for key in plain)
    assert all("PASSWORD" in key for key in secret)


def test_the_dockerfile_installs_distributions_of_this_tree():
    text = (DEPLOY / "Dockerfile").read_text()
    names = {
        tomllib.loads(path.read_text())["project"]["name"]
        for path in [
            REPO / "sdk" / "pyproject.toml",
            REPO / "host" / "pyproject.toml",
            REPO / "compat" / "onaphpadriver" / "pyproject.toml",
            *sorted(REPO.glob("packages/*/pyproject.toml")),
        ]
    }
    drivers = shlex.split(re.search(r'^ARG DRIVERS="([^"]*)"', text, re.MULTILINE).group(1))
    assert drivers
    assert set(drivers) <= names
    install = re.search(r"pip install [^\n]*", text).group(0)
    assert "onap-hpa-sdk onap-hpa-host onaphpadriver ${DRIVERS}" in install
    assert re.search(r"^FROM \$\{PLUGIN_IMAGE\}$", text, re.MULTILINE)
    assert "pip uninstall --yes onaphpadriver" in text
