"""deploy/: the Helm chart linted, rendered and validated offline, and checked against the command it runs.

helm comes from ``deploy/helm/helm_tool.py`` (``go install``, cached; ``$ONAP_HPA_HELM`` when nox built it).
The rendered manifests are validated with ``kubernetes-validate`` against the oldest and newest
Kubernetes it ships schemas for, and each CronJob's command line is parsed by ``onap-hpa sync``'s own
argument parser, and its variables checked against the ones onap-hpa documents.
"""

from __future__ import annotations

import argparse
import copy
import functools
import importlib.util
import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from onap_hpa_host import env
from onap_hpa_host.cli import sync as sync_command

from .conftest import REPO

DEPLOY = REPO / "deploy"
CHART = DEPLOY / "helm" / "onap-hpa"
CI_VALUES = sorted(CHART.glob("ci/*-values.yaml"))
VALUES = yaml.safe_load((CHART / "values.yaml").read_text())
CHART_META = yaml.safe_load((CHART / "Chart.yaml").read_text())
#: Oldest and newest Kubernetes the validator ships schemas for: ONAP's OOM runs on a range of them.
VERSIONS = [kubernetes_validate.utils.all_versions()[0], kubernetes_validate.utils.latest_version()]
#: Flags the chart may pass before `onap-hpa sync` knows them (issue 14 §3 adds --all-regions); a flag
#: leaves this set once the parser has it, and any other unknown flag fails.
PENDING_FLAGS = {"--all-regions"}
#: What a region with its own VIM settings must get; a region without them is read from AAI's esr-system-info.
VIM_VARIABLES = {env.OS_AUTH_URL, env.OS_USERNAME, env.OS_PASSWORD, env.OS_PROJECT_NAME}
AAI_VARIABLES = {env.AAI_URL, env.AAI_USER, env.AAI_PASSWORD}
DNS_1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
OOM_LABELS = {"app.kubernetes.io/name", "helm.sh/chart", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by"}


def _load_helm_tool() -> Any:
    spec = importlib.util.spec_from_file_location("helm_tool", DEPLOY / "helm" / "helm_tool.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def helm() -> str:
    """helm of the pinned version (built with go install the first time on a machine, then cached)."""
    return str(_load_helm_tool().ensure())


def _helm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([helm(), *args], capture_output=True, text=True, timeout=120, check=False)


@functools.cache
def _render(
    values: Path | None = None,
    sets: tuple[str, ...] = (),
    namespace: str = "onap",
    version: str = VERSIONS[-1],
    release: str = "onap",
) -> tuple[dict[str, Any], ...]:
    args = ["template", release, str(CHART), "--namespace", namespace, "--kube-version", version]
    args += ["--values", str(values)] if values else []
    for item in sets:
        args += ["--set", item]
    run = _helm(*args)
    assert run.returncode == 0, run.stderr
    return tuple(doc for doc in yaml.safe_load_all(run.stdout) if doc)


def render(values: Path | None = None, *sets: str, **options: str) -> list[dict[str, Any]]:
    """``helm template`` of the chart: the documents, deep-copied (the cache stays pristine)."""
    return copy.deepcopy(list(_render(values, tuple(sets), **options)))


def refused(values: Path | None, *sets: str) -> str:
    """``helm template`` that must fail; its error message."""
    args = ["template", "onap", str(CHART), "--kube-version", VERSIONS[-1]]
    args += ["--values", str(values)] if values else []
    for item in sets:
        args += ["--set", item]
    run = _helm(*args)
    assert run.returncode != 0, run.stdout
    return run.stderr


def _cronjobs(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [doc for doc in docs if doc["kind"] == "CronJob"]


def _pod(cronjob: dict[str, Any]) -> dict[str, Any]:
    return cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def _env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in container.get("env", [])}


REGIONS = CHART / "ci" / "regions-values.yaml"
ALL_REGIONS = CHART / "ci" / "all-regions-values.yaml"


def test_ci_values_sets_cover_both_modes():
    assert {REGIONS, ALL_REGIONS} <= set(CI_VALUES)


# -- helm lint and offline validation -------------------------------------------------------------


@pytest.mark.parametrize("values", [None, *CI_VALUES], ids=["defaults", *(p.stem for p in CI_VALUES)])
def test_helm_lint_strict(values):
    run = _helm("lint", "--strict", str(CHART), *(["--values", str(values)] if values else []))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 chart(s) linted, 0 chart(s) failed" in run.stdout


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("values", CI_VALUES, ids=[p.stem for p in CI_VALUES])
def test_rendered_manifests_are_valid_kubernetes(values, version):
    docs = render(values, version=version)
    assert _cronjobs(docs)
    for doc in docs:
        kubernetes_validate.validate(doc, version, strict=True)


def test_the_validator_catches_a_misspelled_field():
    cronjob = _cronjobs(render(REGIONS))[0]
    cronjob["spec"]["schedul"] = cronjob["spec"].pop("schedule")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(cronjob, VERSIONS[-1], strict=True)


def test_with_no_region_configured_nothing_is_rendered():
    assert render() == []


# -- one CronJob per region, each a valid sync ----------------------------------------------------


def test_one_cronjob_per_region_with_unique_names_never_overlapping_itself():
    regions = yaml.safe_load(REGIONS.read_text())["regions"]
    cronjobs = _cronjobs(render(REGIONS))
    assert len(cronjobs) == len(regions) >= 2
    seen = []
    for cronjob, region in zip(cronjobs, regions, strict=True):
        name = cronjob["metadata"]["name"]
        assert len(name) <= 52  # a CronJob's Jobs append 11 characters to a 63-character name
        assert DNS_1123_LABEL.match(name)
        assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
        assert cronjob["spec"]["schedule"] == region.get("schedule", VALUES["schedule"])
        pod = _pod(cronjob)
        assert pod["restartPolicy"] == "Never"
        assert pod["automountServiceAccountToken"] is False
        variables = _env(pod["containers"][0])
        seen.append((variables[env.CLOUD_OWNER]["value"], variables[env.CLOUD_REGION_ID]["value"]))
        assert cronjob["metadata"]["annotations"]["onap-hpa/cloud-region-id"] == region["cloudRegionId"]
    assert seen == [(r["cloudOwner"], r["cloudRegionId"]) for r in regions]


def test_long_and_odd_region_ids_still_give_unique_valid_names():
    long_id = "Region_" + "x" * 80
    sets = [
        f"regions[0].cloudOwner=Owner,regions[0].cloudRegionId={long_id}A",
        f"regions[1].cloudOwner=Owner,regions[1].cloudRegionId={long_id}B",
        "regions[2].cloudOwner=My Owner,regions[2].cloudRegionId=RegionOne",
    ]
    cronjobs = _cronjobs(render(None, "aai.credsExternalSecret=aai", "aai.caBundle.secret=ca", *sets))
    names = [c["metadata"]["name"] for c in cronjobs]
    assert len(set(names)) == 3
    for cronjob in cronjobs:
        assert len(cronjob["metadata"]["name"]) <= 52
        assert DNS_1123_LABEL.match(cronjob["metadata"]["name"])
        assert len(cronjob["metadata"]["labels"]["onap-hpa/cloud-region"]) <= 63
        kubernetes_validate.validate(cronjob, VERSIONS[-1], strict=True)


def _parse_sync(command: list[str]) -> argparse.Namespace:
    assert command[:2] == ["onap-hpa", "sync"]
    parser = argparse.ArgumentParser()
    sync_command.configure(parser)
    known = {option for action in parser._actions for option in action.option_strings}
    args = [arg for arg in command[2:] if not (arg in PENDING_FLAGS and arg not in known)]
    return parser.parse_args(args)  # exits (fails the test) on a flag the command does not know


@pytest.mark.parametrize("values", CI_VALUES, ids=[p.stem for p in CI_VALUES])
def test_each_cronjob_runs_a_valid_sync_with_passwords_only_from_secrets(values):
    config = yaml.safe_load(values.read_text())
    by_region = {r["cloudRegionId"]: r for r in config.get("regions", [])}
    for cronjob in _cronjobs(render(values)):
        container = _pod(cronjob)["containers"][0]
        parsed = _parse_sync([*container["command"], *container["args"]])
        assert parsed.json
        assert parsed.log_format == "json"  # ONAP's log shippers read one JSON object per line
        variables = _env(container)
        assert variables.keys() <= env.VARIABLES.keys()  # every variable is one onap-hpa documents
        assert variables.keys() >= AAI_VARIABLES
        for name, item in variables.items():
            if "PASSWORD" in name or name in (env.AAI_USER, env.VES_USER):  # users come with their passwords
                assert "value" not in item, name  # by reference only
                assert item["valueFrom"]["secretKeyRef"]["name"], name
            else:
                assert "valueFrom" not in item, name
        assert variables[env.AAI_USER]["valueFrom"]["secretKeyRef"] == {"name": "onap-hpa-aai", "key": "login"}
        assert variables[env.AAI_PASSWORD]["valueFrom"]["secretKeyRef"] == {"name": "onap-hpa-aai", "key": "password"}
        region = by_region.get(variables.get(env.CLOUD_REGION_ID, {}).get("value"))
        openstack = {name for name in variables if name.startswith("OS_")}
        if region is not None and "vim" in region:
            assert openstack >= VIM_VARIABLES
            assert (
                variables[env.OS_PASSWORD]["valueFrom"]["secretKeyRef"]["name"] == region["vim"]["credsExternalSecret"]
            )
        else:
            assert not openstack  # the VIM comes from the region's esr-system-info in AAI
    assert not [doc for doc in render(values) if doc["kind"] == "Secret"]  # the chart never makes credentials


def test_all_regions_is_one_job_and_excludes_a_region_list():
    (cronjob,) = _cronjobs(render(ALL_REGIONS))
    container = _pod(cronjob)["containers"][0]
    assert "--all-regions" in container["args"]
    assert env.CLOUD_REGION_ID not in _env(container)
    assert cronjob["spec"]["timeZone"] == "Etc/UTC"
    message = refused(ALL_REGIONS, "regions[0].cloudOwner=O,regions[0].cloudRegionId=R")
    assert "either regions" in message


# -- OOM conventions: image, resources, names, labels, namespace ---------------------------------


def test_image_comes_from_the_global_repository_with_a_pinned_tag():
    name, tag = VALUES["image"].rsplit(":", 1)
    assert tag == CHART_META["appVersion"]
    assert tag != "latest"
    image = lambda docs: {_pod(c)["containers"][0]["image"] for c in _cronjobs(docs)}  # noqa: E731
    assert image(render(REGIONS)) == {f"{VALUES['global']['repository']}/{VALUES['image']}"}
    assert image(render(REGIONS, "global.repository=registry.example:5000")) == {
        f"registry.example:5000/{VALUES['image']}"
    }
    assert image(render(REGIONS, "global.repository=a.example", "repositoryOverride=b.example")) == {
        f"b.example/{VALUES['image']}"
    }
    policy = {
        _pod(c)["containers"][0]["imagePullPolicy"] for c in _cronjobs(render(REGIONS, "global.pullPolicy=Always"))
    }
    assert policy == {"Always"}
    assert "has no tag" in refused(REGIONS, f"image={name}")
    assert "not latest" in refused(REGIONS, f"image={name}:latest")
    digest = f"{name}@sha256:{'0' * 64}"
    assert image(render(REGIONS, f"image={digest}")) == {f"{VALUES['global']['repository']}/{digest}"}


@pytest.mark.parametrize(
    ("sets", "flavor"),
    [
        ((), "small"),
        (("flavor=large",), "large"),
        (("global.flavor=large",), "large"),
        (("flavorOverride=unlimited", "global.flavor=large"), "unlimited"),
    ],
)
def test_resources_follow_the_oom_flavor(sets, flavor):
    for cronjob in _cronjobs(render(REGIONS, *sets)):
        assert _pod(cronjob)["containers"][0]["resources"] == VALUES["resources"][flavor]


def test_an_unknown_flavor_is_refused():
    assert 'flavor "huge" is not one of resources' in refused(REGIONS, "flavor=huge")


def test_names_labels_and_namespace_follow_oom_and_nothing_is_hard_coded():
    for namespace, release in (("onap", "onap"), ("hpa-test", "dev-onap-hpa")):
        docs = render(REGIONS, namespace=namespace, release=release)
        instance = release.split("-")[0]  # OOM's common.release
        for doc in docs:
            assert doc["metadata"]["namespace"] == namespace
            labels = doc["metadata"]["labels"]
            assert labels.keys() >= OOM_LABELS
            assert labels["app.kubernetes.io/name"] == "onap-hpa"
            assert labels["app.kubernetes.io/instance"] == instance
            assert doc["metadata"]["name"].startswith(f"{instance}-onap-hpa-")
            pod_labels = doc["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
            assert pod_labels.keys() >= OOM_LABELS
            assert _env(_pod(doc)["containers"][0])[env.AAI_URL]["value"] == f"https://aai.{namespace}:8443"
            assert _pod(doc)["imagePullSecrets"] == [{"name": f"{namespace}-docker-registry-key"}]
    renamed = render(REGIONS, "nameOverride=hpa")
    assert all(doc["metadata"]["name"].startswith("onap-hpa-cloudowner-") for doc in renamed)
    assert {doc["metadata"]["labels"]["app.kubernetes.io/name"] for doc in renamed} == {"hpa"}
    assert {doc["metadata"]["namespace"] for doc in render(REGIONS, "nsPrefix=elsewhere")} == {"elsewhere"}
    for template in (CHART / "templates").iterdir():
        assert not re.search(r"namespace:\s*[a-z]", template.read_text()), template.name


# -- credentials by reference, CA bundles mounted -------------------------------------------------


def test_https_aai_gets_its_ca_bundle_mounted():
    for cronjob in _cronjobs(render(REGIONS)):
        pod = _pod(cronjob)
        container = pod["containers"][0]
        variables = _env(container)
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in pod["volumes"]}
        for variable in (env.AAI_CACERT, env.VES_CACERT):
            path = Path(variables[variable]["value"])
            mount = mounts[str(path.parent)]
            assert mount["readOnly"] is True
            volume = volumes[mount["name"]]
            source = volume.get("secret") or volume.get("configMap")
            assert source["items"] == [{"key": "ca.crt", "path": path.name}]
        if env.OS_AUTH_URL in variables:
            assert mounts[str(Path(variables[env.OS_CACERT]["value"]).parent)]["readOnly"] is True
    aai_volume = {v["name"]: v for v in _pod(_cronjobs(render(REGIONS))[0])["volumes"]}["aai-ca"]
    assert aai_volume["secret"]["secretName"] == "onap-hpa-ca-certs"
    message = refused(REGIONS, "aai.caBundle.secret=")
    assert "is https: set aai.caBundle.secret or aai.caBundle.configMap" in message
    assert "not both" in refused(REGIONS, "aai.caBundle.configMap=other")
    plain = _env(_pod(_cronjobs(render(ALL_REGIONS))[0])["containers"][0])
    assert env.AAI_CACERT not in plain  # http AAI (TLS by the service mesh): no bundle needed


def test_credentials_are_only_ever_references():
    assert "aai.credsExternalSecret" in refused(REGIONS, "aai.credsExternalSecret=")
    assert "vim.credsExternalSecret" in refused(REGIONS, "regions[1].vim.credsExternalSecret=")
    assert "passwords come from Secrets" in refused(REGIONS, "sync.extraEnv.OS_PASSWORD=secret")
    for path in [CHART / "values.yaml", *CI_VALUES]:
        assert "password:" not in path.read_text().replace("passwordKey:", "").lower(), path


def test_alarm_state_is_one_file_per_region_on_the_claim_onap_hpa_alarms_reads():
    states = []
    for cronjob in _cronjobs(render(REGIONS)):
        pod = _pod(cronjob)
        container = pod["containers"][0]
        state = Path(_env(container)[env.ALARM_STATE]["value"])
        assert state.parent == Path(VALUES["alarmState"]["mountPath"]) / "alarms"
        (mount,) = [m for m in container["volumeMounts"] if m["name"] == "alarm-state"]
        assert state.is_relative_to(mount["mountPath"])
        (volume,) = [v for v in pod["volumes"] if v["name"] == "alarm-state"]
        assert volume["persistentVolumeClaim"]["claimName"] == "onap-hpa-alarm-state"
        states.append(state)
    assert len(set(states)) == len(states)  # concurrent regions never write the same file


# -- the image recipe ------------------------------------------------------------------------------


def test_the_dockerfile_installs_distributions_of_this_tree_on_the_pike_plugin_image():
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
    install = re.search(r"pip3? install [^\n]*", text).group(0)
    assert "onap-hpa-sdk onap-hpa-host onaphpadriver ${DRIVERS}" in install
    assert re.search(r"^FROM \$\{PLUGIN_IMAGE\}$", text, re.MULTILINE)
    assert "pip3 uninstall --yes onaphpadriver" in text
    # Only the pike plugin calls the hpa package: the swap takes effect there and nowhere else.
    base = re.search(r"^ARG PLUGIN_IMAGE=(\S+)$", text, re.MULTILINE).group(1)
    assert base.rsplit(":", 1)[0].endswith("/onap/multicloud/openstack-pike")
    # The chart's default image is what this recipe builds.
    assert VALUES["image"].split(":")[0] in text
