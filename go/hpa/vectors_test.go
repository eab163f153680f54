package hpa_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"unicode"

	"github.com/onap/onap-hpa/contract/vectors"
	"github.com/onap/onap-hpa/go/hpa"
)

func load(t *testing.T, name string, into any) {
	t.Helper()
	data, err := vectors.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestVectorIDs(t *testing.T) {
	var v struct {
		Namespace string
		Cases     []struct {
			CloudOwner    string `json:"cloud_owner"`
			CloudRegionID string `json:"cloud_region_id"`
			FlavorID      string `json:"flavor_id"`
			Driver        string
			Feature       string
			Ordinal       int
			ID            string
		}
	}
	load(t, "ids.json", &v)
	if len(v.Cases) < 50 {
		t.Fatalf("only %d id vectors", len(v.Cases))
	}
	for _, c := range v.Cases {
		got := hpa.CapabilityID(c.CloudOwner, c.CloudRegionID, c.FlavorID, c.Driver, c.Feature, c.Ordinal)
		if got != c.ID {
			t.Errorf("CapabilityID(%q, %q, %q, %q, %q, %d) = %s, Python says %s",
				c.CloudOwner, c.CloudRegionID, c.FlavorID, c.Driver, c.Feature, c.Ordinal, got, c.ID)
		}
	}
}

func TestVectorURLs(t *testing.T) {
	var v struct {
		Cases []struct {
			CloudOwner    string `json:"cloud_owner"`
			CloudRegionID string `json:"cloud_region_id"`
			FlavorID      string `json:"flavor_id"`
			CapabilityID  string `json:"capability_id"`
			FlavorURL     string `json:"flavor_url"`
			CapabilityURL string `json:"capability_url"`
		}
	}
	load(t, "urls.json", &v)
	for _, c := range v.Cases {
		if got := hpa.FlavorURL(c.CloudOwner, c.CloudRegionID, c.FlavorID); got != c.FlavorURL {
			t.Errorf("FlavorURL(%q, %q, %q) = %s, Python says %s", c.CloudOwner, c.CloudRegionID, c.FlavorID, got, c.FlavorURL)
		}
		if got := hpa.CapabilityURL(c.CloudOwner, c.CloudRegionID, c.FlavorID, c.CapabilityID); got != c.CapabilityURL {
			t.Errorf("CapabilityURL(.., %q) = %s, Python says %s", c.CapabilityID, got, c.CapabilityURL)
		}
	}
}

func TestVectorAttributeValues(t *testing.T) {
	var v struct {
		Cases []struct {
			Value   json.RawMessage
			Unit    *string
			Encoded string
		}
	}
	load(t, "attribute-values.json", &v)
	for _, c := range v.Cases {
		var value string
		if err := json.Unmarshal(c.Value, &value); err != nil {
			value = string(c.Value) // an integer: written as its decimal string
		}
		unit := hpa.NoUnit
		if c.Unit != nil {
			unit = hpa.Unit(*c.Unit)
		}
		if got := hpa.AttributeValue(value, unit); got != c.Encoded {
			t.Errorf("AttributeValue(%q, %q) = %s, Python says %s", value, unit, got, c.Encoded)
		}
	}
}

func TestVectorCounts(t *testing.T) {
	var v struct {
		Unicode string
		Cases   []struct {
			Value   string
			Minimum int
			Count   string
			Error   bool
		}
		Digits [][2]int
		Spaces []int
	}
	load(t, "counts.json", &v)
	for _, c := range v.Cases {
		got, err := hpa.ParseCount("f", "k", c.Value, c.Minimum)
		switch {
		case c.Error && err == nil:
			t.Errorf("ParseCount(%q, min %d) = %s, Python refuses it", c.Value, c.Minimum, got)
		case !c.Error && (err != nil || got != c.Count):
			t.Errorf("ParseCount(%q, min %d) = %q, %v; Python reads %s", c.Value, c.Minimum, got, err, c.Count)
		}
	}
	python := map[rune]int{}
	for _, d := range v.Digits {
		python[rune(d[0])] = d[1]
		if got := hpa.DecimalValue(rune(d[0])); got != d[1] {
			t.Errorf("DecimalValue(U+%04X) = %d, Python says %d", d[0], got, d[1])
		}
	}
	// Go's Unicode tables may be newer than the Python that wrote the vectors: digits added since are
	// read by Go and refused by that Python (Nova's own Python decides for real flavors).
	extra := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if _, ok := python[r]; !ok && hpa.DecimalValue(r) >= 0 {
			extra++
		}
	}
	if extra > 0 && unicode.Version == v.Unicode {
		t.Errorf("%d decimal digits Python %s does not read", extra, v.Unicode)
	}
	t.Logf("Unicode: Python %s, Go %s; digits only Go reads: %d", v.Unicode, unicode.Version, extra)
	for _, code := range v.Spaces {
		r := rune(code)
		if r >= 127 && !unicode.IsSpace(r) {
			t.Errorf("U+%04X is whitespace to Python's int(), not to Go", code)
		}
		// ASCII: int() takes only " \t\n\v\f\r" (CPython's Py_ISSPACE); str.isspace() also lists 0x1c-0x1f.
		if r < 127 {
			_, err := hpa.ParseCount("f", "k", string(r)+"1", 1)
			if (err == nil) != (r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r') {
				t.Errorf("ParseCount(%s) disagrees with CPython's Py_ISSPACE", strconv.QuoteRune(r))
			}
		}
	}
}
