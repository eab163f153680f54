"""tox plugin of this driver (tox 4 loads ``toxfile.py`` by itself): where the onap-hpa packages come from.

The tests and the conformance gate need ``onap-hpa-sdk``, ``onap-hpa-host`` and ``onap-hpa-harness``.
``tox.ini`` takes each from ``$ONAP_HPA_SDK``, ``$ONAP_HPA_HOST`` and ``$ONAP_HPA_HARNESS`` (a wheel, a
directory or a requirement), else from the package index. When one is not set and the tox running here
has that package installed from a local wheel or directory (``pip install tox ./sdk ./host ./harness`` in
an onap-hpa checkout), it is set to that: tox then tests against the same onap-hpa as the ``onap-hpa``
command that rendered this driver, with no package index holding onap-hpa.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, distribution
from urllib.parse import unquote, urlparse

from tox.plugin import impl

SOURCES = {"ONAP_HPA_SDK": "onap-hpa-sdk", "ONAP_HPA_HOST": "onap-hpa-host", "ONAP_HPA_HARNESS": "onap-hpa-harness"}


def local_source(name: str) -> str | None:
    """The local wheel or directory ``name`` was installed from, in the interpreter running tox."""
    try:
        direct = distribution(name).read_text("direct_url.json")
    except PackageNotFoundError:
        return None
    url = json.loads(direct).get("url", "") if direct else ""
    return unquote(urlparse(url).path) if url.startswith("file://") else None


@impl
def tox_add_core_config(core_conf: object, state: object) -> None:
    """Before tox.ini's ``deps`` are read: the onap-hpa packages from where this tox has them."""
    del core_conf, state
    for variable, name in SOURCES.items():
        source = local_source(name)
        if not os.environ.get(variable) and source and os.path.exists(source):
            os.environ[variable] = source
