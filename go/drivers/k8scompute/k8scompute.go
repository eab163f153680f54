// Package k8scompute discovers a Kubernetes node profile's compute features: basicCapabilities
// (allocatable cpu and memory), hugePages (allocatable hugepages-<size>) and numa
// (node-feature-discovery's memory-numa and memory.numa node_count).
package k8scompute

import (
	"errors"
	"math/big"
	"strconv"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
)

// Distribution ships the Kubernetes drivers.
const Distribution = "onap-device-driver-k8s"

// Version is the release of the Kubernetes drivers.
const Version = "0.1.0"

func init() { hpa.Register(Driver{}) }

// Driver is k8s-compute.
type Driver struct{}

// Info describes the driver; Reads names every node fact it reads (they make up node profiles).
func (Driver) Info() hpa.DriverInfo {
	return hpa.DriverInfo{
		Name: "k8s-compute", Version: Version, Distribution: Distribution,
		Features: []string{"basicCapabilities", "hugePages", "numa"},
		Reads: []string{"node.allocatable/cpu", "node.allocatable/memory", "node.allocatable/hugepages-*",
			"node.labels/" + kube.MemoryNUMA, "node.labels/" + kube.NUMANodesLabel, "node.features/" + kube.NUMAFeature},
	}
}

// Discover returns basicCapabilities, then hugePages and numa when the node has them; nothing for a
// request without a node part (a Nova flavor).
func (Driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	n := req.Node
	if n == nil {
		return nil, nil
	}
	var records []hpa.Capability
	var errs []error
	for _, read := range []func(string, *hpa.Node) (*hpa.Capability, error){basic, hugePages, numa} {
		record, err := read(req.Flavor.ID, n)
		if err != nil {
			errs = append(errs, err)
		} else if record != nil {
			records = append(records, *record)
		}
	}
	return records, errors.Join(errs...)
}

func basic(flavorID string, n *hpa.Node) (*hpa.Capability, error) {
	cpu, memory := n.Allocatable["cpu"], n.Allocatable["memory"]
	if cpu == "" && memory == "" {
		return nil, nil
	}
	cores, err := quantity(flavorID, "cpu", cpu, 1)
	if err != nil {
		return nil, err
	}
	mb, err := quantity(flavorID, "memory", memory, 1<<20)
	if err != nil {
		return nil, err
	}
	r := hpa.NewCapability("basicCapabilities", "generic", hpa.Attr("numVirtualCpu", cores), hpa.AttrUnit("virtualMemSize", mb, hpa.MB))
	return &r, nil
}

// quantity is an allocatable resource in whole units, at least 1.
func quantity(flavorID, resource, value string, unit int64) (string, error) {
	q, err := kube.ParseQuantity(value)
	if err != nil || q.Cmp(big.NewRat(unit, 1)) < 0 {
		what := "a Kubernetes quantity of at least one whole core"
		if resource != "cpu" {
			what = "a Kubernetes quantity of at least 1Mi"
		}
		return "", &hpa.BadInput{FlavorID: flavorID, Key: "node.allocatable/" + resource, Value: value, Expected: what}
	}
	return kube.Floor(q, unit), nil
}

// hugePages is the node's page size with the most allocatable memory (the larger on a tie): OpenStack
// flavors have one page size, and the catalogue allows one hugePages record per flavor.
func hugePages(flavorID string, n *hpa.Node) (*hpa.Capability, error) {
	var best, bestSize, bestTotal *big.Rat
	var bestName string
	for resource, value := range n.Allocatable {
		if !strings.HasPrefix(resource, "hugepages-") {
			continue
		}
		size, err := kube.ParseQuantity(strings.TrimPrefix(resource, "hugepages-"))
		total, err2 := kube.ParseQuantity(value)
		if err != nil || err2 != nil || size.Sign() <= 0 || !size.IsInt() {
			return nil, &hpa.BadInput{FlavorID: flavorID, Key: "node.allocatable/" + resource, Value: value,
				Expected: "hugepages-<page size> with a Kubernetes quantity (hugepages-2Mi: 1Gi)"}
		}
		if total.Sign() <= 0 {
			continue
		}
		if best == nil || total.Cmp(bestTotal) > 0 || total.Cmp(bestTotal) == 0 && size.Cmp(bestSize) > 0 {
			best, bestSize, bestTotal, bestName = size, size, total, resource
		}
	}
	if best == nil {
		return nil, nil
	}
	_ = bestName
	value, unit := pageSize(best)
	r := hpa.NewCapability("hugePages", "generic", hpa.AttrUnit("memoryPageSize", value, unit))
	return &r, nil
}

// pageSize writes a page size in the largest of KB, MB, GB that divides it.
func pageSize(bytes *big.Rat) (string, hpa.Unit) {
	n := new(big.Int).Quo(bytes.Num(), bytes.Denom())
	for _, u := range []struct {
		unit hpa.Unit
		size int64
	}{{hpa.GB, 1 << 30}, {hpa.MB, 1 << 20}, {hpa.KB, 1 << 10}} {
		if new(big.Int).Rem(n, big.NewInt(u.size)).Sign() == 0 {
			return new(big.Int).Quo(n, big.NewInt(u.size)).String(), u.unit
		}
	}
	return new(big.Int).Quo(n, big.NewInt(1<<10)).String(), hpa.KB
}

// numa: NFD labels memory-numa=true on nodes with more than one memory node; the count comes from
// its NodeFeature attribute memory.numa/node_count, or the label numa.hpa.onap.org/nodes.
func numa(flavorID string, n *hpa.Node) (*hpa.Capability, error) {
	count, key := n.Features[kube.NUMAFeature]["node_count"], "node.features/"+kube.NUMAFeature+"/node_count"
	if count == "" {
		count, key = n.Labels[kube.NUMANodesLabel], "node.labels/"+kube.NUMANodesLabel
	}
	if count == "" {
		if n.Labels[kube.MemoryNUMA] == "true" {
			return nil, &hpa.BadInput{FlavorID: flavorID, Key: "node.labels/" + kube.MemoryNUMA, Value: "true",
				Expected: "the NUMA node count too: NodeFeature objects (memory.numa node_count) or the label " + kube.NUMANodesLabel}
		}
		return nil, nil
	}
	nodes, err := strconv.Atoi(count)
	if err != nil || nodes < 1 || strconv.Itoa(nodes) != count {
		return nil, &hpa.BadInput{FlavorID: flavorID, Key: key, Value: count, Expected: "a whole number of NUMA nodes >= 1"}
	}
	if nodes < 2 {
		return nil, nil // one memory node: no NUMA topology to offer
	}
	r := hpa.NewCapability("numa", "generic", hpa.Attr("numaNodes", count))
	return &r, nil
}
