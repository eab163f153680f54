// Package k8scpu discovers a Kubernetes node profile's instructionSetExtensions from
// node-feature-discovery's CPUID labels (feature.node.kubernetes.io/cpu-cpuid.<FLAG>=true).
package k8scpu

import (
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
)

func init() { hpa.Register(Driver{}) }

// Driver is k8s-cpu.
type Driver struct{}

// Info describes the driver.
func (Driver) Info() hpa.DriverInfo {
	return hpa.DriverInfo{
		Name: "k8s-cpu", Version: "0.1.0", Distribution: "onap-device-driver-k8s",
		Features: []string{"instructionSetExtensions"},
		Reads:    []string{"node.labels/" + kube.CPUIDPrefix + "*", "node.labels/" + kube.ArchLabel},
	}
}

// notInstructions are CPUID flags NFD reports that name no instruction set.
var notInstructions = map[string]bool{"HYPERVISOR": true}

// Discover returns one instructionSetExtensions record (architecture Intel64, as the catalogue fixes
// it) on x86-64 nodes: NFD's flag names, lower-cased as libvirt and Nova spell the AVX families
// ("avx512f"), sorted, comma-joined.
func (Driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	n := req.Node
	if n == nil {
		return nil, nil
	}
	if arch, ok := n.Labels[kube.ArchLabel]; ok && arch != "amd64" {
		return nil, nil // the catalogue's instructionSetExtensions is x86-64 (Intel64) only
	}
	var flags []string
	for _, flag := range kube.CPUIDFlags(n.Labels) {
		if !notInstructions[flag] {
			flags = append(flags, strings.ToLower(flag))
		}
	}
	if len(flags) == 0 {
		return nil, nil
	}
	value := strings.Join(flags, ",")
	if hpa.Len(value) > 255 {
		return nil, &hpa.BadInput{FlavorID: req.Flavor.ID, Key: "node.labels/" + kube.CPUIDPrefix + "*", Value: value,
			Expected: "at most 255 characters of flags (the catalogue's limit): narrow NFD's sources.cpu.cpuid.attributeWhitelist"}
	}
	return []hpa.Capability{hpa.NewCapability("instructionSetExtensions", "Intel64", hpa.Attr("instructionSetExtensions", value))}, nil
}
