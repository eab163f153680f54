package host

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/schema"
)

// MaxBytes caps one driver's records for one flavor, in bytes of compact JSON with their ids.
const MaxBytes = 1500

// placeholderID stands for a host id while judging: every host id is a 36-character uuid, so a
// verdict (schema, values, catalogue, size) holds for the same output on any flavor.
const placeholderID = "00000000-0000-5000-8000-000000000000"

// problem is (fault kind, reason) for a result the host refuses.
type problem struct{ kind, reason string }

// recordView is a schema-valid record, typed.
type recordView struct {
	feature, architecture, version string
	attributes                     []hpa.Attribute
}

// verdict is the judgement of one driver's output: a problem, or the typed records to id.
type verdict struct {
	problem  *problem
	records  []recordView
	features []string
}

// judge checks one driver's records for one flavor, in the Python host's order: the AAI schema,
// attribute keys unique and values OOF can read, the catalogue (and the driver's declared features),
// the 1500-byte cap, then the declared features.
func (h *Host) judge(d *slot, raw []any) verdict {
	views := make([]recordView, 0, len(raw))
	for i, item := range raw {
		m, ok := item.(map[string]any)
		if !ok {
			return verdict{problem: &problem{InvalidOutput, fmt.Sprintf("%d: %s is not an object", i, show(item))}}
		}
		withID := make(map[string]any, len(m)+1)
		for k, v := range m {
			withID[k] = v
		}
		withID["hpa-capability-id"] = placeholderID
		if err := schema.HPACapability().Validate(withID); err != nil {
			return verdict{problem: &problem{InvalidOutput, fmt.Sprintf("%d%s", i, strings.TrimPrefix(err.Error(), "result"))}}
		}
		v := recordView{feature: m["hpa-feature"].(string), architecture: m["architecture"].(string), version: m["hpa-version"].(string)}
		for _, a := range m["hpa-feature-attributes"].([]any) {
			attr := a.(map[string]any)
			v.attributes = append(v.attributes, hpa.Attribute{Key: attr["hpa-attribute-key"].(string), Value: attr["hpa-attribute-value"].(string)})
		}
		views = append(views, v)
	}
	features := make([]string, len(views))
	for i, v := range views {
		features[i] = v.feature
		keys := make(map[string]bool, len(v.attributes))
		for _, a := range v.attributes {
			keys[a.Key] = true
		}
		if len(keys) != len(v.attributes) {
			return verdict{problem: &problem{InvalidOutput, fmt.Sprintf("%d: %s repeats an hpa-attribute-key", i, v.feature)}}
		}
		for _, a := range v.attributes {
			if p := valueRule(a.Value); p != "" {
				return verdict{problem: &problem{InvalidOutput, fmt.Sprintf("%d: %s attribute %s value %s", i, v.feature, pyRepr(a.Key), p)}}
			}
		}
	}
	if p := h.catalogued(d, views); p != "" {
		return verdict{problem: &problem{InvalidOutput, p}}
	}
	if size := compactSize(views); size > MaxBytes {
		return verdict{problem: &problem{Oversize, fmt.Sprintf("%d bytes of compact JSON, more than the %d-byte cap per driver per flavor", size, MaxBytes)}}
	}
	var undeclared []string
	for _, f := range features {
		if !d.declared[f] && !contains(undeclared, f) {
			undeclared = append(undeclared, f)
		}
	}
	if len(undeclared) > 0 {
		sort.Strings(undeclared)
		declared := append([]string(nil), d.info.Features...)
		sort.Strings(declared)
		return verdict{problem: &problem{UndeclaredFeature, fmt.Sprintf("emitted %s, but DRIVER.features declares %s", names(undeclared), names(declared))}}
	}
	return verdict{records: views, features: features}
}

// valueRule is onap_hpa_host.validation's check of one hpa-attribute-value: what OOF can read.
func valueRule(text string) string {
	var decoded any
	if err := json.Unmarshal([]byte(text), &decoded); err != nil {
		return "is not JSON"
	}
	obj, ok := decoded.(map[string]any)
	if !ok {
		return fmt.Sprintf("decodes to a JSON %s, not an object (OOF would raise)", pyType(decoded))
	}
	value, ok := obj["value"].(string)
	if !ok {
		return fmt.Sprintf(`has "value" %s; OOF needs a string`, pyValue(obj["value"]))
	}
	_ = value
	var extra []string
	for k := range obj {
		if k != "value" && k != "unit" {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return fmt.Sprintf("has unexpected keys %s; only value and unit are read", names(extra))
	}
	if unit, ok := obj["unit"]; ok {
		if u, isString := unit.(string); !isString || !contains(oofUnits, u) {
			return fmt.Sprintf(`has "unit" %s; expected one of ['GB', 'KB', 'MB']`, pyValue(unit))
		}
	}
	return ""
}

func pyType(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case float64:
		return "float" // Python would say int for integral numbers; the verdict is the same
	case []any:
		return "list"
	}
	return "dict"
}

// catalogued is onap_hpa_host.catalogue.check_catalogued: records of catalogued (or declared) features.
func (h *Host) catalogued(d *slot, views []recordView) string {
	seenOne := map[string]bool{}
	for i, v := range views {
		f, ok := h.catalogue.Feature(v.feature)
		if !ok {
			if f, ok = d.featureSpecs[v.feature]; !ok {
				continue
			}
		}
		p := f.problem(&v)
		if p == "" && f.Cardinality == "one" {
			if seenOne[v.feature] {
				p = fmt.Sprintf("a second %s record for the flavor; expected one per flavor", v.feature)
			}
			seenOne[v.feature] = true
		}
		if p != "" {
			return fmt.Sprintf("%s record %d: %s", v.feature, i, p)
		}
	}
	return ""
}

// compactSize is the size of the records' compact JSON with host ids, as the cap counts it.
func compactSize(views []recordView) int {
	buf := make([]byte, 0, 1024)
	buf = append(buf, '[')
	for i, v := range views {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = Record{placeholderID, v.feature, v.architecture, v.version, v.attributes}.AppendJSON(buf)
	}
	return len(buf) + 1
}
