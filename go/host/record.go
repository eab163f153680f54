package host

import (
	"github.com/onap/onap-hpa/go/canonjson"
	"github.com/onap/onap-hpa/go/hpa"
)

// Record is an accepted hpa-capability record with the id the host gave it.
type Record struct {
	ID           string
	Feature      string
	Architecture string
	Version      string
	Attributes   []hpa.Attribute
}

// AppendJSON writes the record as AAI takes it, id first, as the Python host writes it.
func (r Record) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"hpa-capability-id":`...)
	dst = canonjson.AppendString(dst, r.ID)
	dst = append(dst, `,"hpa-feature":`...)
	dst = canonjson.AppendString(dst, r.Feature)
	dst = append(dst, `,"architecture":`...)
	dst = canonjson.AppendString(dst, r.Architecture)
	dst = append(dst, `,"hpa-version":`...)
	dst = canonjson.AppendString(dst, r.Version)
	dst = append(dst, `,"hpa-feature-attributes":`...)
	return append(hpa.AppendAttributes(dst, r.Attributes), '}')
}

// MarshalJSON is [Record.AppendJSON] for encoding/json.
func (r Record) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil), nil }

// FlavorRecord is the AAI flavor record of a flavor (HPA-REFERENCE §4) with its hpa-capabilities.
type FlavorRecord struct {
	Flavor       hpa.Flavor
	Capabilities []Record
}

// AppendJSON writes the AAI flavor record as onap_hpa_host.flavor_record builds it.
func (f *FlavorRecord) AppendJSON(dst []byte) []byte {
	fl := f.Flavor
	dst, _ = canonjson.Append(dst, canonjson.Pairs(
		"flavor-id", fl.ID, "flavor-name", fl.Name, "flavor-vcpus", fl.VCPUs, "flavor-ram", fl.RAM,
		"flavor-disk", fl.Disk, "flavor-ephemeral", fl.Ephemeral, "flavor-swap", fl.SwapRaw,
		"flavor-is-public", fl.IsPublic, "flavor-disabled", fl.Disabled, "flavor-selflink", fl.Selflink,
		"hpa-capabilities", canonjson.Pairs("hpa-capability", records(f.Capabilities)),
	))
	return dst
}

// MarshalJSON is [FlavorRecord.AppendJSON] for encoding/json.
func (f *FlavorRecord) MarshalJSON() ([]byte, error) { return f.AppendJSON(nil), nil }

type records []Record

func (rs records) AppendJSON(dst []byte) []byte {
	dst = append(dst, '[')
	for i, r := range rs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = r.AppendJSON(dst)
	}
	return append(dst, ']')
}

// Fault says why a driver's records for one flavor (or the flavor itself) were dropped or cut short.
type Fault struct {
	FlavorID string `json:"flavor-id"`
	Driver   string `json:"driver"`
	Kind     string `json:"kind"`
	Message  string `json:"message"`
}

// Fault kinds: bad-request (the plugin's data, driver "host") and bad-input (a malformed input) are
// the data's owner's to fix; the others mean the driver misbehaved and raise an alarm.
const (
	BadRequest        = "bad-request"
	BadInput          = "bad-input"
	Raised            = "raised"
	Timeout           = "timeout"
	InvalidOutput     = "invalid-output"
	Oversize          = "oversize"
	UndeclaredFeature = "undeclared-feature"
	Crashed           = "crashed"
	Quarantined       = "quarantined"
	Conflict          = "conflict"
)

// Alarming is true for driver faults, which raise an alarm; bad input is the flavor owner's to fix.
func (f Fault) Alarming() bool { return f.Kind != BadRequest && f.Kind != BadInput }

// FlavorResult is one flavor's discovery: the AAI flavor record and the faults.
type FlavorResult struct {
	FlavorID string
	// Record is the AAI flavor record with every accepted capability, in driver order.
	Record *FlavorRecord
	// Capabilities are each driver's accepted records (an empty slice for a driver that gave none).
	Capabilities map[string][]Record
	Faults       []Fault
	// FlavorURL is the flavor's AAI path, relative to the AAI base.
	FlavorURL string
}

// DeleteURLs are the AAI URLs of the capability records in Record, from the ids the host gave them.
func (r *FlavorResult) DeleteURLs() []string {
	if r.Record == nil {
		return nil
	}
	urls := make([]string, len(r.Record.Capabilities))
	for i, c := range r.Record.Capabilities {
		urls[i] = r.FlavorURL + "/hpa-capabilities/hpa-capability/" + c.ID // uuids: nothing to escape
	}
	return urls
}
