// Package k8sgpu discovers a Kubernetes node profile's GPUs as pciePassthrough records: the count
// from the device plugins' allocatable resources (nvidia.com/gpu, amd.com/gpu, gpu.intel.com/i915),
// the PCI vendor and device ids from node-feature-discovery's display-class labels
// (feature.node.kubernetes.io/pci-03xx_<vendor>_<device>.present).
package k8sgpu

import (
	"errors"
	"fmt"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
)

func init() { hpa.Register(Driver{}) }

// Driver is k8s-gpu.
type Driver struct{}

// Resources are the device plugin resources of GPUs and their PCI vendor ids.
var Resources = []struct{ Resource, VendorID string }{
	{"nvidia.com/gpu", "10de"}, {"amd.com/gpu", "1002"}, {"gpu.intel.com/i915", "8086"},
}

// Info describes the driver.
func (Driver) Info() hpa.DriverInfo {
	reads := []string{"node.labels/" + kube.PCIPrefix + "*"}
	for _, r := range Resources {
		reads = append(reads, "node.allocatable/"+r.Resource)
	}
	return hpa.DriverInfo{Name: "k8s-gpu", Version: "0.1.0", Distribution: "onap-device-driver-k8s",
		Features: []string{"pciePassthrough"}, Reads: reads}
}

// Discover returns one pciePassthrough record per GPU vendor with allocatable GPUs. The device id
// must be known: NFD labels it only when its sources.pci.deviceLabelFields include "device" (the
// default is class and vendor); one GPU model per vendor and node.
func (Driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	n := req.Node
	if n == nil {
		return nil, nil
	}
	devices := kube.PCIDevices(n.Labels)
	var records []hpa.Capability
	var errs []error
	for _, r := range Resources {
		count, err := kube.Count(req.Flavor.ID, n, r.Resource)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if count == "" || count == "0" {
			continue
		}
		var ids []string
		for _, d := range devices {
			if strings.HasPrefix(d.Class, "03") && d.Vendor == r.VendorID && d.Device != "" && !contains(ids, d.Device) {
				ids = append(ids, d.Device)
			}
		}
		if len(ids) != 1 {
			label := fmt.Sprintf("node.labels/%s03xx_%s_<device>.present", kube.PCIPrefix, r.VendorID)
			expected := "one display-class device of that vendor with its device id: set NFD's sources.pci.deviceLabelFields to [class, vendor, device]"
			if len(ids) > 1 {
				expected = "one GPU model per node (the allocatable count does not say which model)"
			}
			errs = append(errs, &hpa.BadInput{FlavorID: req.Flavor.ID, Key: label, Value: strings.Join(ids, ","), Expected: expected})
			continue
		}
		attrs := hpa.PCIAttributes(count, r.VendorID, ids[0])
		records = append(records, hpa.NewCapability("pciePassthrough", kube.VendorName(r.VendorID), attrs...))
	}
	return records, errors.Join(errs...)
}

func contains(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}
