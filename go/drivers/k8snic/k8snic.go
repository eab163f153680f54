// Package k8snic discovers a Kubernetes node profile's SR-IOV NICs as sriovNICNetwork records: the
// count from the SR-IOV network device plugin's allocatable resources (intel.com/<resource>, its
// default resource prefix), the PCI vendor and device ids from node-feature-discovery's network-class
// labels (feature.node.kubernetes.io/pci-02xx_<vendor>_<device>.sriov.capable or .present), and the
// physical network — which Kubernetes has no notion of — from the node label
// physnet.hpa.onap.org/<resource> (e.g. physnet.hpa.onap.org/intel_sriov_netdevice=physnet1). Where
// NFD's labels leave the device ambiguous, pcidevice.hpa.onap.org/<resource>=<vendorid>_<deviceid>
// says it.
package k8snic

import (
	"errors"
	"sort"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
)

// ResourcePrefix is the SR-IOV network device plugin's default resource prefix.
const ResourcePrefix = "intel.com/"

func init() { hpa.Register(Driver{}) }

// Driver is k8s-sriov-nic.
type Driver struct{}

// Info describes the driver.
func (Driver) Info() hpa.DriverInfo {
	return hpa.DriverInfo{Name: "k8s-sriov-nic", Version: "0.1.0", Distribution: "onap-device-driver-k8s",
		Features: []string{"sriovNICNetwork"},
		Reads: []string{"node.allocatable/" + ResourcePrefix + "*", "node.labels/" + kube.PCIPrefix + "*",
			"node.labels/" + kube.PhysnetLabelPrefix + "*", "node.labels/" + kube.PCIDeviceLabelPrefix + "*"}}
}

// Discover returns one sriovNICNetwork record per SR-IOV resource with allocatable VFs, in resource
// name order.
func (Driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	n := req.Node
	if n == nil {
		return nil, nil
	}
	var resources []string
	for resource := range n.Allocatable {
		if strings.HasPrefix(resource, ResourcePrefix) {
			resources = append(resources, resource)
		}
	}
	sort.Strings(resources)
	var records []hpa.Capability
	var errs []error
	for _, resource := range resources {
		count, err := kube.Count(req.Flavor.ID, n, resource)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if count == "0" {
			continue
		}
		name := strings.TrimPrefix(resource, ResourcePrefix)
		physnet := n.Labels[kube.PhysnetLabelPrefix+name]
		if physnet == "" {
			errs = append(errs, &hpa.BadInput{FlavorID: req.Flavor.ID, Key: "node.labels/" + kube.PhysnetLabelPrefix + name,
				Value: "", Expected: "the physical network of " + resource + " (label the node, e.g. " + kube.PhysnetLabelPrefix + name + "=physnet1)"})
			continue
		}
		vendor, device, err := pciDevice(req.Flavor.ID, n, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		attrs := append(hpa.PCIAttributes(count, vendor, device), hpa.Attr("physicalNetwork", physnet))
		records = append(records, hpa.NewCapability("sriovNICNetwork", kube.VendorName(vendor), attrs...))
	}
	return records, errors.Join(errs...)
}

// pciDevice is the resource's vendor and device: the pcidevice label, else the one SR-IOV capable
// network device model NFD labels (or the one network device model, when none says SR-IOV).
func pciDevice(flavorID string, n *hpa.Node, name string) (string, string, error) {
	key := kube.PCIDeviceLabelPrefix + name
	if value, ok := n.Labels[key]; ok {
		vendor, device, ok := strings.Cut(value, "_")
		if !ok || !hex4(vendor) || !hex4(device) {
			return "", "", &hpa.BadInput{FlavorID: flavorID, Key: "node.labels/" + key, Value: value, Expected: "<vendorid>_<deviceid>, 4 hex digits each (8086_154c)"}
		}
		return vendor, device, nil
	}
	var sriov, any []kube.PCIDevice
	for _, d := range kube.PCIDevices(n.Labels) {
		if strings.HasPrefix(d.Class, "02") && d.Device != "" {
			any = append(any, d)
			if d.SRIOV {
				sriov = append(sriov, d)
			}
		}
	}
	if len(sriov) == 0 {
		sriov = any
	}
	if len(sriov) == 1 {
		return sriov[0].Vendor, sriov[0].Device, nil
	}
	var seen []string
	for _, d := range sriov {
		seen = append(seen, d.Vendor+"_"+d.Device)
	}
	return "", "", &hpa.BadInput{FlavorID: flavorID, Key: "node.labels/" + key, Value: strings.Join(seen, ","),
		Expected: "one network device model with its device id (NFD's sources.pci with class 02 whitelisted and deviceLabelFields [class, vendor, device]), or this label naming it"}
}

func hex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
