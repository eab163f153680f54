"""onap-device-driver-k8s: the Go Kubernetes drivers, shipped as protocol worker binaries under ``bin/``.

Nothing here is imported by the host: each driver's entry point value ``exec:onap_device_driver_k8s/bin/...``
names its binary, which the host starts in its sandbox (docs/protocol.md).
"""

__version__ = "0.1.0"
