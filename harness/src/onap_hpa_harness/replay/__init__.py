"""Replay servers on loopback: Keystone + Nova replaying a recorded region, and an in-memory AAI.

with ReplayServers.start(load_region("fixtures/regions/openstack-pike")) as servers:
    servers.env                      # OS_* and ONAP_HPA_* variables pointing at them
    servers.aai.dump()               # compare with region.aai_expected after a sync
    servers.aai.faults.add(FaultPlan(status=503, method="PUT", nth=2))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Final

from onap_hpa_harness.fixtures import Region
from onap_hpa_harness.replay.aai import AaiReplay
from onap_hpa_harness.replay.aai_store import AaiError
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

    def esr_system_info(self, **fields: Any) -> dict[str, Any]:
        """This region's ``esr-system-info`` as MultiCloud registers it: the replay Keystone and its credentials."""
        creds, region = self.region.credentials, self.region
        return {
            "esr-system-info-id": f"{region.cloud_owner}_{region.cloud_region_id}-vim",
            "system-name": region.cloud_region_id,
            "system-type": "VIM",
            "type": str(region.viminfo.get("type", "openstack")),
            "vendor": str(region.viminfo.get("vendor", "OpenStack")),
            "version": str(region.viminfo.get("version", "")),
            "service-url": self.keystone_url,
            "user-name": creds["username"],
            "password": creds["password"],
            "default-tenant": creds["project"],
            "cloud-domain": creds["user_domain"],
            "ssl-insecure": False,
            "ssl-cacert": "",
            **fields,
        }

    def register_esr(self, aai: AaiReplay | None = None, **fields: Any) -> None:
        """Put :meth:`esr_system_info` under the cloud region in AAI (this region's replay AAI by default)."""
        region = self.region
        info = self.esr_system_info(**fields)
        segments = [
            "cloud-infrastructure",
            "cloud-regions",
            "cloud-region",
            region.cloud_owner,
            region.cloud_region_id,
            "esr-system-info-list",
            "esr-system-info",
            info["esr-system-info-id"],
        ]
        store = (aai or self.aai).store
        with suppress(AaiError):  # registered again: an update, at the current resource-version
            info["resource-version"] = store.get(segments, 0)["resource-version"]
        store.put(segments, info)

    @property
    def aai_env(self) -> dict[str, str]:
        """Only AAI and the region's ids: what an ONAP deployment configures (the VIM comes from esr-system-info)."""
        return {k: v for k, v in self.env.items() if k.startswith("ONAP_HPA_")}

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
