// Package sriovnic is the SR-IOV NIC driver: aggregate_instance_extra_specs:sriov_nic of a Nova
// flavor as one AAI sriovNICNetwork record. A port of onap-device-driver-sriov-nic whose records (and
// so the host's ids) are byte-identical to the Python driver's on every fixture; testdata/ holds the
// Python driver's outputs, regenerated and compared by tests/test_go_sriovnic_vectors.py.
//
// The value is <name>:<count> with <name> = sriov-nic-<vendorname>-<vendorid>-<deviceid>-<physnet>,
// split into at most six dash-separated fields so that the physnet may itself hold dashes:
// sriov-nic-intel-8086-15b3-physnet-1:1 is one Intel 8086:15b3 VF on physnet-1.
package sriovnic

import (
	"strconv"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
)

// Key is the extra_spec the driver reads.
const Key = "aggregate_instance_extra_specs:sriov_nic"

// Expected is the shape of a value, as errors name it.
const Expected = "sriov-nic-<vendorname>-<vendorid>-<deviceid>-<physnet>:<count>"

// Version is the driver's release, that of the Python distribution it mirrors.
const Version = "1.0.0"

func init() { hpa.Register(Driver{}) }

// Driver discovers sriovNICNetwork records from Nova flavors.
type Driver struct{}

// Info describes the driver as onap_device_driver_sriov_nic.DRIVER does.
func (Driver) Info() hpa.DriverInfo {
	return hpa.DriverInfo{
		Name:     "sriov-nic",
		Version:  Version,
		Features: []string{"sriovNICNetwork"},
		Reads:    []string{Key},
	}
}

// Nic is one SR-IOV NIC request: Count VFs of VendorID:DeviceID on Physnet.
type Nic struct {
	VendorName, VendorID, DeviceID, Physnet string
	Count                                   string // canonical decimal, any size
}

// Parse reads the flavor's request: nil without the key, a *hpa.BadInput when malformed.
func Parse(flavorID string, extraSpecs map[string]string) (*Nic, error) {
	value, ok := extraSpecs[Key]
	if !ok {
		return nil, nil
	}
	nic, expected := read(value)
	if nic == nil {
		return nil, &hpa.BadInput{FlavorID: flavorID, Key: Key, Value: value, Expected: expected}
	}
	return nic, nil
}

func read(value string) (*Nic, string) {
	cut := strings.LastIndexByte(value, ':')
	// One NAME:COUNT only: a second entry ("a:1,b:2") would otherwise land inside the physnet.
	if cut < 0 || strings.ContainsAny(value[:cut], ":,") || hpa.Len(value) > hpa.MaxValue {
		return nil, Expected + " (at most " + strconv.Itoa(hpa.MaxValue) + " characters)"
	}
	name, count := value[:cut], value[cut+1:]
	device, err := hpa.ParsePCIDevice("", Key, value, name, true)
	if err == nil {
		count, err = hpa.ParseCount("", Key, count, 1)
	}
	if err != nil {
		return nil, Expected + ": " + err.(*hpa.BadInput).Expected
	}
	return &Nic{device.VendorName, device.VendorID, device.DeviceID, device.Rest, count}, ""
}

// Discover returns one sriovNICNetwork record (architecture = vendor name) when the flavor asks for a NIC.
func (Driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	nic, err := Parse(req.Flavor.ID, req.ExtraSpecs)
	if nic == nil {
		return nil, err
	}
	attrs := append(hpa.PCIAttributes(nic.Count, nic.VendorID, nic.DeviceID), hpa.Attr("physicalNetwork", nic.Physnet))
	return []hpa.Capability{hpa.NewCapability("sriovNICNetwork", nic.VendorName, attrs...)}, nil
}

// DeleteURLs is the AAI URL of the record Discover creates, if any. Bad input is a partial result (the
// host keeps its records, here none) and names the records kept, as Python's PartialDiscovery does: a
// malformed flavor creates nothing, so its list is empty, not an error.
func (d Driver) DeleteURLs(req *hpa.Request) ([]string, error) {
	records, err := d.Discover(req)
	if _, other := hpa.Problems(err); len(other) > 0 {
		return nil, err
	}
	return hpa.CapabilityURLs(req, "sriov-nic", records), nil
}
