// Package hpa is the onap-hpa driver API for Go: what a hardware driver imports, and nothing else.
//
// A driver describes itself ([DriverInfo]), turns one [Request] (a Nova flavor or a Kubernetes node
// profile, its extra_specs, the credential-free VIM view and, for Kubernetes, the node part) into AAI
// hpa-capability records built with [NewCapability] and the attribute builders, and reports bad input
// as [*BadInput] errors. It registers itself from its package's init function, in the style of
// node-feature-discovery's sources:
//
//	func init() { hpa.Register(driver{}) }
//
// and a plugin binary compiles in the drivers it ships with blank imports. The worker package turns a
// registered driver into a protocol worker binary (docs/protocol.md); the host package runs drivers,
// in process or as workers, with the same rules as the Python host.
//
// Records carry no hpa-capability-id: the host gives each a stable one ([CapabilityID]). Attribute
// value strings are byte-identical to the Python SDK's (onap_hpa.capability), and ids and URLs to
// onap_hpa.ids; the shared vectors in contract/vectors prove it.
package hpa

// ContractVersion is the driver contract this SDK implements (onap_hpa.CONTRACT_VERSION). A host
// accepts a driver declaring the same major and a minor no newer than its own.
const ContractVersion = "1.2"

// ProtocolVersion is the wire protocol version this SDK speaks (docs/protocol.md).
const ProtocolVersion = "1"

// HPAVersion is the hpa-version every record carries unless a feature says otherwise.
const HPAVersion = "v1"
