package hpa

// Request is one flavor to discover, as the host sends it to every driver: immutable by convention
// (drivers must not change it; the host gives each driver its own copy of nothing but this value).
//
// Its JSON form is the protocol's request object (contract/schemas/protocol/host-message.schema.json,
// $defs/request) without the host's "id".
type Request struct {
	Flavor     Flavor            `json:"flavor"`
	ExtraSpecs map[string]string `json:"extra_specs"`
	Vim        Vim               `json:"vim"`
	// Node is the Kubernetes node part: set for a node profile of a Kubernetes cloud region, nil for a
	// Nova flavor. Contract 1.2.
	Node *Node `json:"node,omitempty"`
}

// Flavor is the Nova flavor as the host checked it: sizes are integers within Nova's 32 bits.
type Flavor struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	VCPUs     int64  `json:"vcpus"`
	RAM       int64  `json:"ram"`       // MB
	Disk      int64  `json:"disk"`      // GB
	Ephemeral int64  `json:"ephemeral"` // GB
	Swap      int64  `json:"swap"`      // MB; Nova's "" (no swap) is 0
	SwapRaw   string `json:"swap_raw"`  // swap as Nova wrote it (AAI's flavor-swap)
	IsPublic  bool   `json:"is_public"`
	Disabled  bool   `json:"disabled"`
	Selflink  string `json:"selflink"`
}

// Vim is the cloud region as a driver sees it: never a password, user name, token or endpoint.
type Vim struct {
	CloudOwner    string `json:"cloud_owner"`
	CloudRegionID string `json:"cloud_region_id"`
	VimType       string `json:"vim_type"`
	Version       string `json:"version"`
	Name          string `json:"name"`
	// CloudExtraInfo is the region's parsed cloud_extra_info (secret-looking keys removed by the host),
	// or nil. Numbers are json.Number.
	CloudExtraInfo map[string]any `json:"cloud_extra_info"`
	// CloudExtraInfoError says why the region's cloud_extra_info could not be used, or is nil.
	CloudExtraInfoError *string `json:"cloud_extra_info_error"`
}

// Node is the Kubernetes part of a request: the facts of one node profile (every node of a cluster
// with the same HPA-relevant facts), as the Kubernetes API and node-feature-discovery state them.
// Every map is optional; a missing map is empty.
type Node struct {
	// Labels are node labels (node-feature-discovery's feature.node.kubernetes.io/* among them).
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are the node annotations a driver documents that it reads.
	Annotations map[string]string `json:"annotations,omitempty"`
	// Capacity and Allocatable are the node status resource lists: resource name to a Kubernetes
	// quantity string ("4", "3920m", "16Gi", "2").
	Capacity    map[string]string `json:"capacity,omitempty"`
	Allocatable map[string]string `json:"allocatable,omitempty"`
	// Features are node-feature-discovery's NodeFeature attribute sets, when the cluster publishes
	// NodeFeature objects: "<source>.<feature>" to element to value, e.g.
	// {"memory.numa": {"is_numa": "true", "node_count": "2"}}.
	Features map[string]map[string]string `json:"features,omitempty"`
}
