package hpa

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"sync"
)

// Driver is one hardware driver: it describes itself and discovers the records of one flavor.
//
// Discover returns the flavor's records (none is an empty slice and a nil error). A malformed input
// is a [*BadInput]; several are errors.Join(...) of them. Records returned together with only
// bad-input errors are kept (a partial result). Any other error, or a panic, is a driver fault: the
// host drops all of the driver's records for that flavor.
type Driver interface {
	Info() DriverInfo
	Discover(req *Request) ([]Capability, error)
}

// DeleteURLer is implemented by drivers that answer hpa_delete_urls: the AAI URLs of the records
// Discover creates for the flavor ([CapabilityURLs] computes them). The host derives these itself in
// production; the conformance gate compares.
type DeleteURLer interface {
	DeleteURLs(req *Request) ([]string, error)
}

// DriverInfo is a driver's self-description: the protocol's "driver" object.
type DriverInfo struct {
	// Name is <name> of onap-device-driver-<name> (or <name>-<part>): lowercase words joined by '-'.
	Name string `json:"name"`
	// Version is the driver's release.
	Version string `json:"version"`
	// Contract is the contract version the driver implements; empty means [ContractVersion].
	Contract string `json:"contract"`
	// Distribution ships the driver; empty means onap-device-driver-<Name>.
	Distribution string `json:"distribution,omitempty"`
	// Features is every hpa-feature the driver may emit.
	Features []string `json:"features"`
	// FeatureSpecs describes the driver's own features that the catalogue does not know, each as one
	// catalogue entry (contract/schemas/catalogue.schema.json, $defs/feature), raw JSON.
	FeatureSpecs map[string]RawJSON `json:"feature_specs,omitempty"`
	// Reads names what the driver reads: extra_spec keys, or Kubernetes node facts as
	// "node.labels/<label>", "node.annotations/<key>", "node.allocatable/<resource>",
	// "node.capacity/<resource>", "node.features/<feature>"; a trailing '*' matches a prefix.
	Reads []string `json:"reads,omitempty"`
	// Hooks is filled in by the SDK: hpa_discover, and hpa_delete_urls for a [DeleteURLer].
	Hooks []string `json:"hooks,omitempty"`
}

// RawJSON is a JSON value kept as its bytes.
type RawJSON []byte

// MarshalJSON returns the bytes as they are ("null" when empty).
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// UnmarshalJSON keeps a copy of the bytes.
func (r *RawJSON) UnmarshalJSON(data []byte) error {
	*r = append((*r)[:0], data...)
	return nil
}

var (
	nameRE     = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	contractRE = regexp.MustCompile(`^([0-9]+)\.([0-9]+)$`)
	featureRE  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,63}$`)
)

// Complete returns the description as the host sees it: defaults filled in (contract, distribution,
// hooks for d) and checked. The error says what is wrong and how to fix it.
func Complete(d Driver) (DriverInfo, error) {
	info := d.Info()
	if info.Contract == "" {
		info.Contract = ContractVersion
	}
	if info.Distribution == "" {
		info.Distribution = "onap-device-driver-" + info.Name
	}
	info.Hooks = []string{"hpa_discover"}
	if _, ok := d.(DeleteURLer); ok {
		info.Hooks = append(info.Hooks, "hpa_delete_urls")
	}
	return info, info.Check()
}

// Check reports the first problem of a self-description, or nil.
func (info DriverInfo) Check() error {
	if !nameRE.MatchString(info.Name) || len(info.Name) > 64 {
		return fmt.Errorf("driver name %q is invalid; expected lowercase words joined by '-' (e.g. 'sriov-nic'), "+
			"the <name> of onap-device-driver-<name>", info.Name)
	}
	if info.Version == "" {
		return fmt.Errorf("driver %q has no version; set DriverInfo.Version to its release", info.Name)
	}
	if !contractRE.MatchString(info.Contract) {
		return fmt.Errorf("driver %q declares contract %q; expected MAJOR.MINOR such as %q", info.Name, info.Contract, ContractVersion)
	}
	seen := map[string]bool{}
	for _, f := range info.Features {
		if !featureRE.MatchString(f) {
			return fmt.Errorf("driver %q declares hpa-feature %q; expected a letter then letters or digits (e.g. 'sriovNICNetwork')", info.Name, f)
		}
		if seen[f] {
			return fmt.Errorf("driver %q declares hpa-feature %q twice; list each once", info.Name, f)
		}
		seen[f] = true
	}
	return nil
}

// ContractSupported is true when a driver written for declared runs on a host implementing
// supported: same major, and the driver's minor no newer than the host's.
func ContractSupported(declared, supported string) bool {
	d, s := contractRE.FindStringSubmatch(declared), contractRE.FindStringSubmatch(supported)
	if d == nil || s == nil || d[1] != s[1] {
		return false
	}
	dm, err1 := strconv.Atoi(d[2])
	sm, err2 := strconv.Atoi(s[2])
	return err1 == nil && err2 == nil && dm <= sm
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Driver{}
)

// Register makes a driver available to the binary that compiles it in: call it from the driver
// package's init function, which does nothing else (no I/O). It panics when the description is
// invalid or the name is taken, as database/sql.Register does: both are build mistakes.
func Register(d Driver) {
	info, err := Complete(d)
	if err != nil {
		panic("hpa.Register: " + err.Error())
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[info.Name]; dup {
		panic("hpa.Register: driver " + strconv.Quote(info.Name) + " registered twice; each driver package registers itself once")
	}
	registry[info.Name] = d
}

// Registered returns every registered driver, sorted by name (the order the host calls them in).
func Registered() []Driver {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]Driver, len(names))
	for i, name := range names {
		out[i] = registry[name]
	}
	return out
}

// Lookup returns the registered driver called name.
func Lookup(name string) (Driver, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	d, ok := registry[name]
	return d, ok
}
