"""The kubeconfig reader: what kubectl and the cloud CLIs write, resolved to a server and credentials, or refused."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from onap_hpa_host.errors import SyncConfigError
from onap_hpa_host.kube.kubeconfig import YamlSubsetError, parse_yaml, read_kubeconfig

CA = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
CERT = b"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n"
KEY = b"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-token-value"  # noqa: S105 - a fake token


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


KIND = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {_b64(CA)}
    server: https://127.0.0.1:6443
  name: kind-kind
contexts:
- context:
    cluster: kind-kind
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {{}}
users:
- name: kind-kind
  user:
    client-certificate-data: {_b64(CERT)}
    client-key-data: {_b64(KEY)}
"""


def _write(tmp_path: Path, text: str, name: str = "config") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _config(**changes: Any) -> dict[str, Any]:
    """A kubeconfig document (two contexts) as a dict, with ``cluster``/``user``/``top`` changes."""
    document: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": "a", "cluster": {"server": "https://a.example:6443/prefix/"}},
            {"name": "b", "cluster": {"server": "https://b.example"}},
        ],
        "users": [{"name": "u", "user": {"token": TOKEN}}],
        "contexts": [
            {"name": "ctx-a", "context": {"cluster": "a", "user": "u"}},
            {"name": "ctx-b", "context": {"cluster": "b", "user": "u", "namespace": "x"}},
        ],
        "current-context": "ctx-a",
    }
    document["clusters"][0]["cluster"].update(changes.get("cluster", {}))
    document["users"][0]["user"].update(changes.get("user", {}))
    document.update(changes.get("top", {}))
    return document


def test_a_kind_kubeconfig_gives_server_ca_and_client_certificate(tmp_path: Path) -> None:
    config = read_kubeconfig(_write(tmp_path, KIND))
    assert (config.context, config.server) == ("kind-kind", "https://127.0.0.1:6443")
    assert (config.ca_pem, config.client_cert_pem, config.client_key_pem) == (CA, CERT, KEY)
    assert config.token is None
    assert config.secrets == ()


def test_token_current_context_and_a_server_path_prefix(tmp_path: Path) -> None:
    config = read_kubeconfig(_write(tmp_path, yaml.safe_dump(_config())))
    assert (config.context, config.server, config.token) == ("ctx-a", "https://a.example:6443/prefix", TOKEN)
    assert config.ca_pem is None  # the system trust store
    assert TOKEN not in repr(config)
    assert config.secrets == (TOKEN,)
    other = read_kubeconfig(_write(tmp_path, yaml.safe_dump(_config())), context="ctx-b")
    assert other.server == "https://b.example"


def test_files_are_read_relative_to_the_kubeconfig(tmp_path: Path) -> None:
    (tmp_path / "pki").mkdir()
    (tmp_path / "pki" / "ca.crt").write_bytes(CA)
    (tmp_path / "pki" / "client.crt").write_bytes(CERT)
    (tmp_path / "pki" / "client.key").write_bytes(KEY)
    (tmp_path / "token").write_text(TOKEN + "\n")
    document = _config(
        cluster={"certificate-authority": "pki/ca.crt"},
        user={
            "token": None,
            "tokenFile": "token",
            "client-certificate": "pki/client.crt",
            "client-key": "pki/client.key",
        },
    )
    del document["users"][0]["user"]["token"]
    config = read_kubeconfig(_write(tmp_path, json.dumps(document)))  # JSON is a kubeconfig too
    assert (config.ca_pem, config.token, config.client_cert_pem, config.client_key_pem) == (CA, TOKEN, CERT, KEY)


def test_the_only_context_is_used_when_none_is_current(tmp_path: Path) -> None:
    document = _config(top={"current-context": ""})
    document["contexts"] = document["contexts"][:1]
    assert read_kubeconfig(_write(tmp_path, yaml.safe_dump(document))).context == "ctx-a"


def test_basic_credentials_and_a_proxy(tmp_path: Path) -> None:
    document = _config(cluster={"proxy-url": "http://proxy:3128"}, user={"username": "admin", "password": "pw-1234"})
    del document["users"][0]["user"]["token"]
    config = read_kubeconfig(_write(tmp_path, yaml.safe_dump(document)))
    assert (config.username, config.password, config.proxy_url) == ("admin", "pw-1234", "http://proxy:3128")
    assert "pw-1234" not in repr(config)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"user": {"exec": {"command": "aws", "args": ["eks", "get-token"]}}}, "exec plugin"),
        ({"user": {"auth-provider": {"name": "gcp"}}}, "auth-provider plugin"),
        ({"cluster": {"insecure-skip-tls-verify": True}}, "insecure-skip-tls-verify"),
        ({"cluster": {"tls-server-name": "kubernetes"}}, "tls-server-name"),
        ({"cluster": {"server": "ftp://x"}}, "has server 'ftp://x'"),
        ({"cluster": {"certificate-authority-data": "not base64!"}}, "not base64"),
        ({"cluster": {"certificate-authority": "missing.crt"}}, "cannot be read"),
        ({"cluster": {"proxy-url": "proxy:3128"}}, "proxy-url"),
        ({"user": {"client-certificate-data": _b64(CERT)}}, "without the other"),
        ({"user": {"token": "two\nlines"}}, "one line"),
        ({"top": {"current-context": "nope"}}, "no context named 'nope'"),
        ({"top": {"current-context": None}}, "no current-context"),
    ],
)
def test_what_the_sync_will_not_do_is_refused_naming_it(tmp_path: Path, changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(SyncConfigError) as caught:
        read_kubeconfig(_write(tmp_path, yaml.safe_dump(_config(**changes))))
    assert problem in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert str(tmp_path) in str(caught.value)  # names the file


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- just\n- a list\n", "is not a mapping"),
        ("\xff", "is not UTF-8"),
        ("contexts: [}", "is not YAML"),
    ],
)
def test_files_that_are_no_kubeconfig_are_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "config"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(SyncConfigError, match=problem):
        read_kubeconfig(str(path))
    with pytest.raises(SyncConfigError, match="cannot be read"):
        read_kubeconfig(str(tmp_path / "absent"))


def test_yaml_beyond_the_subset_is_read_with_pyyaml_or_refused_naming_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = KIND.replace("users:\n- name: kind-kind\n  user:", "users:\n- name: kind-kind\n  user: &me")
    path = _write(tmp_path, text)
    assert read_kubeconfig(path).client_key_pem == KEY  # PyYAML is installed here
    monkeypatch.setitem(sys.modules, "yaml", None)  # an image without it
    with pytest.raises(SyncConfigError, match=r"line 17: anchors are not read here.*kubectl config view --raw"):
        read_kubeconfig(path)


def test_the_subset_reads_what_kubectl_and_the_cloud_clis_write() -> None:
    text = """# written by aws eks update-kubeconfig
---
apiVersion: v1
clusters:
  - cluster:
      server: "https://ABC.gr7.us-west-2.eks.amazonaws.com"   # the endpoint
      certificate-authority-data: 'TFMw''dA=='
    name: arn:aws:eks:us-west-2:1:cluster/x
users:
  - name: u
    user:
      exec:
        args:
          - --region
          - us-west-2
          - - nested
          -
            k: v
        env: null
        provideClusterInfo: false
      token: # none
      note: |
        line one
          line two

        # not a comment
      folded: >-
        a
        b

        c
      list: ["a", "b"]
      esc: "a\\tb\\u00e9\\x41"
      "quoted key": 'x'
"""
    assert parse_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &x b\n", "line 1: anchors"),
        ("a: *x\n", "line 1: aliases"),
        ("a: !!str b\n", "line 1: tags"),
        ("a: b\n  c\n", "line 2: a plain scalar over several lines"),
        ("a: {b: c}\n", "line 1: a flow collection that is not JSON"),
        ("a:\n\tb: c\n", "line 2: a tab"),
        ("a: b\n---\nc: d\n", "line 2: more than one document"),
        ("a: 'b\n", "line 1: a single-quoted scalar"),
        ('a: "b\\q"\n', "line 1: an unknown escape"),
        ("- a\nb: c\n", "line 2: unexpected indentation"),
        ("a: b: c\n", "line 1: a mapping inside a plain scalar"),
        ("just text\n", "line 1: expected 'key: value'"),
    ],
)
def test_the_subset_refuses_the_rest_naming_the_line(text: str, problem: str) -> None:
    with pytest.raises(YamlSubsetError, match=problem):
        parse_yaml(text)


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_SCALARS = st.one_of(_TEXT, st.booleans(), st.none())
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(st.text(min_size=1, max_size=12), _DOCUMENTS, min_size=1, max_size=5))
def test_the_subset_reads_what_pyyaml_writes_in_block_style_as_pyyaml_does(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, default_flow_style=False, allow_unicode=True, width=10**9)
    try:
        parsed = parse_yaml(text)
    except YamlSubsetError:
        return  # refused with the line named: the PyYAML fallback reads it (above)
    assert parsed == yaml.safe_load(text)
