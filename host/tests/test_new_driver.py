"""``onap-hpa new-driver``: names checked, every token replaced in paths and contents, nothing overwritten."""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onap_hpa import DiscoveryRequest, DriverInfo
from onap_hpa_host import Host
from onap_hpa_host.cli import main
from onap_hpa_host.cli.new_driver import TOKENS, Names, names, render, template

# Any spelling of the template's made-up device, in any case, with or without a separator.
LEFTOVER = re.compile(r"example[-_]?accel", re.IGNORECASE)


def files(root: Path) -> dict[str, str]:
    """Every file below root but Python's caches: relative path -> text."""
    paths = [path for path in sorted(root.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    return {path.relative_to(root).as_posix(): path.read_text() for path in paths}


def new_driver(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["new-driver", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def rendered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """``onap-hpa new-driver qat-crypto`` with the default feature and key."""
    code, out, err = new_driver(capsys, "qat-crypto", "--dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert f"created {tmp_path / 'onap-device-driver-qat-crypto'}" in out
    return tmp_path / "onap-device-driver-qat-crypto"


def test_template_ships_with_the_sdk() -> None:
    shipped = template()
    assert shipped.joinpath("pyproject.toml").is_file()
    assert shipped.joinpath("src", "onap_device_driver_example_accel", "plugin.py").is_file()


def test_every_template_file_is_rendered_under_its_substituted_path(rendered: Path) -> None:
    source = files(Path(str(template())))
    expected = {path.replace("example_accel", "qat_crypto").replace("example-accel", "qat-crypto") for path in source}
    assert set(files(rendered)) == expected
    assert "src/onap_device_driver_qat_crypto/plugin.py" in expected


def test_no_token_of_the_template_is_left_in_paths_or_contents(rendered: Path) -> None:
    leftovers = {path: LEFTOVER.findall(path + text) for path, text in files(rendered).items()}
    assert {path: found for path, found in leftovers.items() if found} == {}


def test_names_are_derived_from_the_one_name_given(rendered: Path) -> None:
    pyproject = (rendered / "pyproject.toml").read_text()
    assert 'name = "onap-device-driver-qat-crypto"' in pyproject
    assert 'qat-crypto = "onap_device_driver_qat_crypto.plugin"' in pyproject
    assert 'path = "src/onap_device_driver_qat_crypto/__about__.py"' in pyproject
    package = rendered / "src" / "onap_device_driver_qat_crypto"
    assert 'FEATURE: Final = "qatCrypto"' in (package / "__init__.py").read_text()
    assert re.search(r'DriverInfo\(\s*name="qat-crypto"', (package / "__init__.py").read_text())
    parse = (package / "parse.py").read_text()
    assert 'KEY: Final = "qat_crypto:devices"' in parse
    assert "class QatCrypto:" in parse
    assert "onap-hpa conformance onap-device-driver-qat-crypto" in (rendered / "tox.ini").read_text()
    assert (rendered / "fixtures" / "regions" / "qat-crypto-lab" / "region.json").is_file()


def test_feature_and_key_options_reach_code_docs_and_test_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--feature", "qatSymCrypto", "--key", "acme:qat_vfs", "--dir", str(tmp_path)]
    code, _, _ = new_driver(capsys, "qat", *options)
    assert code == 0
    root = tmp_path / "onap-device-driver-qat"
    assert 'KEY: Final = "acme:qat_vfs"' in (root / "src" / "onap_device_driver_qat" / "parse.py").read_text()
    assert "| `qatSymCrypto` |" in (root / "README.md").read_text()
    expected = json.loads((root / "tests" / "request.expected.json").read_text())
    assert {record["hpa-feature"] for record in expected} == {"qatSymCrypto"}
    for case in (root / "tests" / "data").glob("error-*.json"):
        assert list(json.loads(case.read_text())["extra_specs"]) == ["acme:qat_vfs"], case.name


@pytest.fixture
def imported(rendered: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The rendered driver's plugin module, imported from its source tree."""
    monkeypatch.syspath_prepend(str(rendered / "src"))
    yield importlib.import_module("onap_device_driver_qat_crypto.plugin")
    for name in [name for name in sys.modules if name.startswith("onap_device_driver_qat_crypto")]:
        del sys.modules[name]


def test_rendered_driver_loads_and_discovers_its_own_fixture(rendered: Path, imported: object) -> None:
    host = Host(installed=False, plugins=[imported])
    assert [(d.name, d.status, sorted(d.features)) for d in host.drivers] == [("qat-crypto", "loaded", ["qatCrypto"])]
    data = json.loads((rendered / "tests" / "request.json").read_text())
    result = host.discover(DiscoveryRequest.build(data["flavor"], data["extra_specs"], data["vim"]))
    assert result.faults == ()
    records = [{k: v for k, v in r.items() if k != "hpa-capability-id"} for r in result.capabilities["qat-crypto"]]
    assert records == json.loads((rendered / "tests" / "request.expected.json").read_text())


@pytest.mark.parametrize(
    "name",
    ["Qat", "qat_crypto", "-qat", "qat-", "9qat", "qat--crypto", "qat crypto", "", "q" * 41, "onap-device-driver-qat"],
)
def test_invalid_names_are_refused_and_nothing_is_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new_driver(capsys, "--dir", str(tmp_path), "--", name)
    assert (code, out) == (2, "")
    assert err.startswith(f"onap-hpa new-driver: driver name {name!r}")
    assert "give only the <name>" in err or "expected lowercase letters and digits" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--feature", "QatCrypto", "expected lowerCamelCase"),
        ("--feature", "qat-crypto", "expected lowerCamelCase"),
        ("--feature", "q" * 41, "at most 40 characters"),
        ("--key", "devices", "expected '<namespace>:<name>'"),
        ("--key", "qat crypto:devices", "expected '<namespace>:<name>'"),
        ("--key", "hw:qat", "in Nova's namespace 'hw'"),
        ("--key", "trait1:CUSTOM_QAT", "in Nova's namespace 'trait1'"),
        ("--key", "pci_passthrough:qat", "in Nova's namespace 'pci_passthrough'"),
    ],
)
def test_invalid_feature_or_key_is_refused_with_the_rule(
    option: str, value: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = new_driver(capsys, "qat", option, value, "--dir", str(tmp_path))
    assert code == 2
    assert repr(value) in err
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_directory_is_never_overwritten(rendered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parse = rendered / "src" / "onap_device_driver_qat_crypto" / "parse.py"
    parse.write_text("# the vendor's own work\n")
    code, out, err = new_driver(capsys, "qat-crypto", "--dir", str(rendered.parent))
    assert (code, out) == (1, "")
    assert f"{rendered} already exists" in err
    assert parse.read_text() == "# the vendor's own work\n"
    assert sorted(p.name for p in rendered.parent.iterdir()) == [rendered.name]  # no staging left behind


def test_an_empty_existing_directory_is_refused_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "onap-device-driver-qat").mkdir()
    code, _, err = new_driver(capsys, "qat", "--dir", str(tmp_path))
    assert code == 1
    assert "already exists" in err


def test_a_failed_render_leaves_nothing_behind(tmp_path: Path) -> None:
    source = tmp_path / "template"
    (source / "src").mkdir(parents=True)
    (source / "src" / "example_accel.py").write_text("KEY = 'example_accel:devices'\n")
    (source / "logo.bin").write_bytes(b"\xff\xfe not text")
    out = tmp_path / "out"
    with pytest.raises(UnicodeDecodeError):
        render(names("qat"), out, source=source)
    assert list(out.iterdir()) == []


def test_render_replaces_tokens_in_one_pass(tmp_path: Path) -> None:
    source = tmp_path / "template"
    source.mkdir()
    (source / "example_accel.txt").write_text(" ".join(TOKENS) + "\n")
    # A name whose forms contain other tokens must not be substituted twice.
    target = Names("example-accel-two", "example_accel_two", "ExampleAccelTwo", "exampleAccelTwo", "ns:example_accel")
    root = render(target, tmp_path / "out", source=source)
    text = (root / "example_accel_two.txt").read_text()
    assert text == "ns:example_accel exampleAccelTwo ExampleAccelTwo example-accel-two example_accel_two\n"


@given(st.text(max_size=50))
def test_any_accepted_name_gives_forms_the_host_and_aai_accept(name: str) -> None:
    try:
        forms = names(name)
    except ValueError as error:
        refused = str(error)
    else:
        refused = ""
    if refused:
        assert repr(name) in refused
        return
    assert DriverInfo(name=forms.name, version="0.1.0").distribution == forms.distribution
    assert forms.module.isidentifier()
    assert forms.camel.isidentifier()
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,63}", forms.feature)  # the schema's hpa-feature pattern
    assert forms.key == f"{forms.module}:devices"
