package kube

import (
	"sort"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
)

// node-feature-discovery's label namespace and the label names drivers read
// (kubernetes-sigs/node-feature-discovery, docs/usage/features.md and source/{cpu,memory,pci}).
const (
	NFDPrefix   = "feature.node.kubernetes.io/"
	CPUIDPrefix = NFDPrefix + "cpu-cpuid." // cpu-cpuid.<FLAG>=true (attributes carry other values)
	CPUVendor   = NFDPrefix + "cpu-model.vendor_id"
	MemoryNUMA  = NFDPrefix + "memory-numa" // "true" when the node has more than one memory node
	PCIPrefix   = NFDPrefix + "pci-"        // pci-<device label>.present / .sriov.capable
	ArchLabel   = "kubernetes.io/arch"      // well-known node label: amd64, arm64, ...
	NUMAFeature = "memory.numa"             // NodeFeature attribute set: is_numa, node_count
)

// Labels and annotations onap-hpa itself defines, for facts Kubernetes has no signal for. Node pools
// (Cluster API MachineDeployments, cloud node groups) carry labels to every new node, so they are
// labels rather than annotations.
const (
	// PhysnetLabelPrefix + <resource> names the physical network of the SR-IOV resource
	// intel.com/<resource>: physnet.hpa.onap.org/intel_sriov_netdevice=physnet1.
	PhysnetLabelPrefix = "physnet.hpa.onap.org/"
	// PCIDeviceLabelPrefix + <resource> = <vendorid>_<deviceid> says which PCI device backs a device
	// plugin resource when NFD's labels leave it ambiguous: pcidevice.hpa.onap.org/intel_sriov_netdevice=8086_154c.
	PCIDeviceLabelPrefix = "pcidevice.hpa.onap.org/"
	// NUMANodesLabel gives the number of NUMA nodes where NodeFeature objects are not published (an NFD
	// NodeFeatureRule can set it from memory.numa's node_count).
	NUMANodesLabel = "numa.hpa.onap.org/nodes"
)

// PCIDevice is one device class NFD labels a node with.
type PCIDevice struct {
	Class  string // 4 hex digits: base class and subclass ("0300" VGA, "0302" 3D controller, "0200" Ethernet)
	Vendor string // 4 hex digits, lower case as sysfs gives them ("10de")
	Device string // 4 hex digits when NFD's deviceLabelFields include "device", else ""
	SRIOV  bool   // pci-<label>.sriov.capable=true
}

// PCIDevices reads NFD's PCI labels, in their default <class>_<vendor> form or with the device
// (deviceLabelFields: [class, vendor, device]); other label formats are skipped. Sorted.
func PCIDevices(labels map[string]string) []PCIDevice {
	found := map[string]*PCIDevice{}
	for key, value := range labels {
		if !strings.HasPrefix(key, PCIPrefix) || value != "true" {
			continue
		}
		rest := key[len(PCIPrefix):]
		var label string
		var sriov bool
		switch {
		case strings.HasSuffix(rest, ".present"):
			label = strings.TrimSuffix(rest, ".present")
		case strings.HasSuffix(rest, ".sriov.capable"):
			label, sriov = strings.TrimSuffix(rest, ".sriov.capable"), true
		default:
			continue
		}
		fields := strings.Split(label, "_")
		if len(fields) < 2 || len(fields) > 3 || !allHex4(fields) {
			continue
		}
		d := found[label]
		if d == nil {
			d = &PCIDevice{Class: fields[0], Vendor: fields[1]}
			if len(fields) == 3 {
				d.Device = fields[2]
			}
			found[label] = d
		}
		d.SRIOV = d.SRIOV || sriov
	}
	out := make([]PCIDevice, 0, len(found))
	for _, d := range found {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Class+a.Vendor+a.Device < b.Class+b.Vendor+b.Device
	})
	return out
}

func allHex4(fields []string) bool {
	for _, f := range fields {
		if len(f) != 4 {
			return false
		}
		for _, c := range f {
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// CPUIDFlags are the CPUID flags NFD found (cpu-cpuid.<FLAG>=true), sorted.
func CPUIDFlags(labels map[string]string) []string {
	var flags []string
	for key, value := range labels {
		if strings.HasPrefix(key, CPUIDPrefix) && value == "true" {
			flags = append(flags, key[len(CPUIDPrefix):])
		}
	}
	sort.Strings(flags)
	return flags
}

// VendorNames maps PCI vendor ids to the vendor names MultiCloud writes as an architecture.
var VendorNames = map[string]string{
	"8086": "intel", "10de": "nvidia", "1002": "amd", "15b3": "mellanox", "14e4": "broadcom",
	"1077": "qlogic", "19ee": "netronome", "1924": "solarflare", "177d": "cavium", "1af4": "redhat",
}

// VendorName is the vendor's name for a PCI vendor id, or the id itself when unknown.
func VendorName(vendorID string) string {
	if name, ok := VendorNames[strings.ToLower(vendorID)]; ok {
		return name
	}
	return strings.ToLower(vendorID)
}

// Count reads an allocatable resource as a whole count: ("", nil) when absent, a *hpa.BadInput when
// it is not a quantity.
func Count(flavorID string, n *hpa.Node, resource string) (string, error) {
	value, ok := n.Allocatable[resource]
	if !ok {
		return "", nil
	}
	q, err := ParseQuantity(value)
	if err != nil {
		return "", &hpa.BadInput{FlavorID: flavorID, Key: "node.allocatable/" + resource, Value: value, Expected: "a Kubernetes quantity"}
	}
	return Floor(q, 1), nil
}
