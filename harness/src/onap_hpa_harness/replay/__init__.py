"""Replay servers on loopback: Keystone + Nova replaying a recorded region, and an in-memory AAI.

with ReplayServers.start(load_region("fixtures/regions/openstack-pike")) as servers:
    servers.env                      # OS_* and ONAP_HPA_* variables pointing at them
    servers.aai.dump()               # compare with region.aai_expected after a sync
    servers.aai.faults.add(FaultPlan(status=503, method="PUT", nth=2))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from onap_hpa_harness.fixtures import Region
from onap_hpa_harness.replay.aai import AaiReplay
from onap_hpa_harness.replay.faults import FaultPlan, FaultSet
from onap_hpa_harness.replay.http import LoopbackServer
from onap_hpa_harness.replay.nova import DEFAULT_PAGE_SIZE, MAX_MICROVERSION, NovaReplay

__all__ = ["AAI_API_PATH", "AaiReplay", "FaultPlan", "FaultSet", "NovaReplay", "ReplayServers"]

#: The AAI base path of ``aai_url`` (any ``/aai/v12`` .. ``/aai/v32`` is served).
AAI_API_PATH: Final = "/aai/v13"


@dataclass(frozen=True, slots=True)
class ReplayServers:
    """Running Keystone/Nova and AAI replay servers for one region."""

    region: Region
    nova: NovaReplay
    aai: AaiReplay
    _nova_server: LoopbackServer
    _aai_server: LoopbackServer

    @classmethod
    @contextmanager
    def start(cls, region: Region, **options: Any) -> Iterator[ReplayServers]:
        """Serve ``region`` until the ``with`` block ends; ``options`` as for :meth:`launch`."""
        servers = cls.launch(region, **options)
        try:
            yield servers
        finally:
            servers.stop()

    @classmethod
    def launch(
        cls,
        region: Region,
        *,
        host: str = "127.0.0.1",
        nova_port: int = 0,
        aai_port: int = 0,
        aai_user: str = "AAI",
        aai_password: str = "AAI",  # noqa: S107 - ONAP's public default, loopback only
        page_size: int = DEFAULT_PAGE_SIZE,
        pagination: str = "nova",
        tls: tuple[str, str] | None = None,
        max_microversion: str = MAX_MICROVERSION,
    ) -> ReplayServers:
        """Start serving and return; the caller must call :meth:`stop` (``start`` does it for you).

        ``pagination``: Nova's, or a broken one (:data:`~onap_hpa_harness.replay.nova.PAGINATIONS`).
        ``tls``: ``(certificate chain file, key file)`` to serve both over HTTPS (``https://`` URLs).
        """
        nova = NovaReplay(region, page_size=page_size, pagination=pagination, max_microversion=max_microversion)
        aai = AaiReplay(region.aai_initial, user=aai_user, password=aai_password)
        nova.server = nova_server = LoopbackServer(nova, host, nova_port, tls=tls)
        try:
            aai.server = aai_server = LoopbackServer(aai, host, aai_port, tls=tls)
        except BaseException:
            nova_server.stop()
            raise
        return cls(region, nova, aai, nova_server, aai_server)

    def stop(self) -> None:
        """Stop both servers."""
        self._nova_server.stop()
        self._aai_server.stop()

    @property
    def keystone_url(self) -> str:
        """Keystone v3 (``OS_AUTH_URL``)."""
        return self.nova.keystone_url

    @property
    def nova_url(self) -> str:
        """Nova's compute endpoint (also in Keystone's catalog)."""
        return self.nova.url

    @property
    def aai_url(self) -> str:
        """AAI base URL, ``http://127.0.0.1:PORT/aai/v13``."""
        return self._aai_server.url + AAI_API_PATH

    @property
    def env(self) -> dict[str, str]:
        """Environment variables pointing a sync at these servers."""
        creds = self.region.credentials
        return {
            "OS_AUTH_URL": self.keystone_url,
            "OS_USERNAME": creds["username"],
            "OS_PASSWORD": creds["password"],
            "OS_PROJECT_NAME": creds["project"],
            "OS_USER_DOMAIN_NAME": creds["user_domain"],
            "OS_PROJECT_DOMAIN_NAME": creds["project_domain"],
            "OS_REGION_NAME": self.region.cloud_region_id,
            "ONAP_HPA_AAI_URL": self.aai_url,
            "ONAP_HPA_AAI_USER": self.aai.user,
            "ONAP_HPA_AAI_PASSWORD": self.aai.password,
            "ONAP_HPA_CLOUD_OWNER": self.region.cloud_owner,
            "ONAP_HPA_CLOUD_REGION_ID": self.region.cloud_region_id,
        }
