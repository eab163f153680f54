"""``hpa``: the import package of ONAP MultiCloud's ``onaphpadriver``, here backed by onap-hpa drivers."""

# 2.x: newer than the original 1.0, so that pip replaces it in an existing plugin image.
__version__ = "2.0.0"
