"""docs/adopting.md: the plugin source changes (deploy/adopt_plugin.py) and the plugin logging configuration.

The plugin's own files are not part of this repository: the changes are exercised on stand-ins written
here in the same shape (a ``RegistryHelper`` with an inline ``_get_hpa_capabilities``, and pike's loop),
and ``tests/test_compat.py`` runs the adopted pike stand-in against the installed compat wheel.
"""

from __future__ import annotations

import importlib.util
import logging
import logging.config
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from onap_hpa_host import logs

from .conftest import REPO

DOC = REPO / "docs" / "adopting.md"
SCRIPT = REPO / "deploy" / "adopt_plugin.py"

#: Stand-in for share/newton_base/registration/registration.py: inline HPA code, then more methods.
REGISTRATION = '''\
"""Stand-in for the plugin's newton_base registration module (test only)."""

import logging

logger = logging.getLogger(__name__)


class RegistryHelper(object):

    def _discover_flavors(self, flavor, extra_specs, viminfo):
        data = {"flavor": flavor, "extra_specs": extra_specs, "viminfo": viminfo}
        return {"hpa-capabilities": {"hpa-capability": self._get_hpa_capabilities(data)}}

    def _get_hpa_capabilities(self, data):
        hpa_caps = []

        # every feature built right here
        caps_dict = self._get_hpa_basic_capabilities(data)
        if len(caps_dict) > 0:
            hpa_caps.append(caps_dict)

        logger.debug("hpa_caps:%s" % hpa_caps)
        return hpa_caps

    def _get_hpa_basic_capabilities(self, data):
        return {"hpa-feature": "inline"}
'''

#: Stand-in for share/newton_base/registration/registration_driver.py: pike's per-key loop.
REGISTRATION_DRIVER = '''\
"""Stand-in for the plugin's newton_base registration_driver module (test only)."""

from hpa import hpa_discovery


class RegistryHelper(object):

    def __init__(self, extra_specs):
        self.extra_specs = extra_specs

    def _get_list_resources(self, resource_url, service_type, session, viminfo, vimid, content_key):
        return self.extra_specs

    def _discover_flavors(self, flavor, viminfo, vimid="", session=None):
        flavor_info = {"flavor-id": flavor["id"]}
        hpa_capabilities = []
        if (flavor['name'].find('onap.') == 0):
            req_resouce = "/flavors/%s/os-extra_specs" % flavor['id']
            extraResp = self._get_list_resources(
                req_resouce, "compute", session,
                viminfo, vimid, "extra_specs")

            vimtype = viminfo['version']
            hpa =  hpa_discovery.HPADiscovery()
            for extra_spec in extraResp:
                data = {"flavor": flavor, "extra_specs": extraResp, "viminfo": viminfo, "vimtype": vimtype}
                hpa_capability = hpa.get_hpa_capabilities(data)
                hpa_capabilities.append(hpa_capability)

            flavor_info['hpa-capabilities'] = \\
                {'hpa-capability': hpa_capabilities}
        return flavor_info
'''


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


adopt_plugin = _load("adopt_plugin", SCRIPT)


def plugin_share(root: Path) -> Path:
    """A ``share/`` tree with both stand-ins, as a plugin checkout or image has it."""
    registration = root / "share" / "newton_base" / "registration"
    registration.mkdir(parents=True)
    (registration / "registration.py").write_text(REGISTRATION)
    (registration / "registration_driver.py").write_text(REGISTRATION_DRIVER)
    return root / "share"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


def test_adopting_rewrites_both_files_once_and_leaves_the_rest(tmp_path):
    share = plugin_share(tmp_path)
    check = _run("--check", str(share))
    assert check.returncode == 1
    assert check.stdout.count("to adopt") == 2
    assert (share / adopt_plugin.REGISTRATION).read_text() == REGISTRATION  # --check changes nothing

    first = _run(str(share))
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.count(": adopted") == 2
    registration = (share / adopt_plugin.REGISTRATION).read_text()
    driver = (share / adopt_plugin.REGISTRATION_DRIVER).read_text()
    again = _run(str(share))
    assert again.returncode == 0
    assert again.stdout.count("already adopted") == 2
    assert (share / adopt_plugin.REGISTRATION).read_text() == registration  # idempotent
    assert (share / adopt_plugin.REGISTRATION_DRIVER).read_text() == driver
    assert _run("--check", str(share)).returncode == 0

    # registration.py: the method's body is the compat call; the methods around it are untouched.
    assert "hpa_caps" not in registration
    assert "def _get_hpa_basic_capabilities(self, data):" in registration
    assert registration.split("def _get_hpa_capabilities(self, data):\n")[1].startswith(
        textwrap.indent(textwrap.dedent(adopt_plugin.CAPABILITIES_BODY), " " * 8)
    )
    assert "\n\n    def _get_hpa_basic_capabilities" in registration  # the blank line between methods stays
    compile(registration, "registration.py", "exec")
    # registration_driver.py: one call per flavor, no loop, no append.
    assert "for extra_spec in extraResp" not in driver
    assert "hpa_capabilities.append" not in driver
    assert '"extra_specs": extraResp or {}' in driver
    compile(driver, "registration_driver.py", "exec")


def test_the_inline_method_now_asks_the_hpa_package(tmp_path, monkeypatch):
    share = plugin_share(tmp_path)
    assert _run(str(share)).returncode == 0
    calls: list[dict[str, Any]] = []

    class FakeDiscovery:
        def get_hpa_capabilities(self, data: dict[str, Any]) -> list[dict[str, Any]]:
            calls.append(data)
            return [{"hpa-feature": "from-drivers"}]

    fake = type(sys)("hpa")
    fake.hpa_discovery = type(sys)("hpa.hpa_discovery")  # type: ignore[attr-defined]
    fake.hpa_discovery.HPADiscovery = FakeDiscovery  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "hpa", fake)
    monkeypatch.setitem(sys.modules, "hpa.hpa_discovery", fake.hpa_discovery)  # type: ignore[attr-defined]
    module = _load("newton_registration_adopted", share / adopt_plugin.REGISTRATION)
    viminfo = {"cloud_owner": "O", "cloud_region_id": "R", "version": "starlingx"}
    record = module.RegistryHelper()._discover_flavors({"id": "1", "name": "onap.x"}, {"k": "v"}, viminfo)
    assert record == {"hpa-capabilities": {"hpa-capability": [{"hpa-feature": "from-drivers"}]}}
    (data,) = calls
    assert data == {
        "flavor": {"id": "1", "name": "onap.x"},
        "extra_specs": {"k": "v"},
        "viminfo": viminfo,
        "vimtype": "starlingx",
    }


def test_code_of_another_shape_is_refused_not_guessed(tmp_path):
    share = plugin_share(tmp_path)
    (share / adopt_plugin.REGISTRATION_DRIVER).write_text("def nothing_here():\n    return []\n")
    (share / adopt_plugin.REGISTRATION).unlink()
    run = _run(str(share))
    assert run.returncode == 1
    assert "registration.py: error: file not found" in run.stdout
    assert "registration_driver.py: error: no per-extra_spec" in run.stdout
    assert _run().returncode == 2


def _diff_lines(marker: str, sign: str) -> list[str]:
    """The ``sign`` lines (+ or -) of the diff block of docs/adopting.md whose header names ``marker``."""
    for block in re.findall(r"```diff\n(.*?)```", DOC.read_text(), re.DOTALL):
        if f"+++ b/{marker}" in block:
            return [line[1:] for line in block.splitlines() if line.startswith(sign) and not line.startswith(sign * 3)]
    raise AssertionError(marker)


def test_the_documented_changes_are_what_the_script_does(tmp_path):
    share = plugin_share(tmp_path)
    _run(str(share))
    registration = (share / adopt_plugin.REGISTRATION).read_text()
    documented = "\n".join(_diff_lines("share/newton_base/registration/registration.py", "+"))
    assert documented.strip()
    assert documented in registration
    driver = (share / adopt_plugin.REGISTRATION_DRIVER).read_text()
    added = _diff_lines("share/newton_base/registration/registration_driver.py", "+")
    assert [line.strip() for line in added] == [
        line.strip()
        for line in driver.splitlines()
        if "once per flavor" in line or "hpa.get_hpa_capabilities" in line or "extraResp or {}" in line
    ]
    removed = _diff_lines("share/newton_base/registration/registration_driver.py", "-")
    assert all(line.strip() in REGISTRATION_DRIVER for line in removed)  # the stand-in has pike's lines


# -- logging -----------------------------------------------------------------------------------------


def _documented_logging_config() -> dict[str, Any]:
    text = DOC.read_text()
    block = text.split("<!-- logging-config:", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    return yaml.safe_load(block)


@pytest.fixture
def restore_logging():
    loggers = ["onap_hpa", "onap_hpa_host", "hpa_discovery", "pike", "newton_base", "starlingx_base", "common"]
    saved = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level, logging.getLogger(name).propagate)
        for name in loggers
    }
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(level)
        logger.propagate = propagate


def test_the_documented_plugin_logging_puts_onap_hpa_lines_in_the_plugin_log(tmp_path, restore_logging, capsys):
    config = _documented_logging_config()
    assert config["handlers"]["file_handler"]["filename"] == "/var/log/onap/multicloud/openstack/pike/pike.log"
    log_file = tmp_path / "pike.log"
    config["handlers"]["file_handler"]["filename"] = str(log_file)
    logging.config.dictConfig(config)
    with logs.run_context("11111111-2222-4333-8444-555555555555"):
        logging.getLogger("onap_hpa.driver.gpu").warning("driver line")
        logging.getLogger("onap_hpa_host.alarms").warning("alarm line")
        logging.getLogger("hpa_discovery").error("compat line")
        logging.getLogger("onap_hpa_host.aai.client").debug("below INFO: not written")
    logging.getLogger("pike.registration").info("plugin line")
    for handler in logging.getLogger("onap_hpa").handlers:
        handler.flush()
    lines = log_file.read_text().splitlines()
    assert [line.split("||")[-1] for line in lines] == ["driver line", "alarm line", "compat line", "plugin line"]
    for line in lines[:3]:
        assert line.split("|")[1] == "11111111-2222-4333-8444-555555555555"
    assert lines[3].split("|")[1] == "-"  # the plugin's own lines: no onap-hpa run
    assert "Logging error" not in capsys.readouterr().err  # every record formats
