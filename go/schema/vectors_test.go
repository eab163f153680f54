package schema_test

import (
	"encoding/json"
	"testing"

	"github.com/onap/onap-hpa/contract/vectors"
	"github.com/onap/onap-hpa/go/schema"
)

func TestVectorSchemas(t *testing.T) {
	data, err := vectors.FS.ReadFile("schemas.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Cases []struct {
			Schema   string
			Name     string
			Instance json.RawMessage
			Valid    bool
		}
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	sawNewline := false
	for _, c := range v.Cases {
		err := schema.For(c.Schema).ValidateJSON(c.Instance)
		if (err == nil) != c.Valid {
			t.Errorf("%s: %s: Go valid=%v (%v), jsonschema-rs valid=%v", c.Schema, c.Name, err == nil, err, c.Valid)
		}
		sawNewline = sawNewline || c.Name == "hpa-version v1 with a final newline"
	}
	if !sawNewline {
		t.Fatal(`the "v1\n" vector is gone`)
	}
}

func TestErrorNamesThePlace(t *testing.T) {
	err := schema.HPACapability().ValidateJSON([]byte(`{"hpa-capability-id":"x","hpa-feature":"numa","architecture":"generic","hpa-version":"v1\n","hpa-feature-attributes":[{"hpa-attribute-key":"k","hpa-attribute-value":"{}"}]}`))
	if err == nil {
		t.Fatal("accepted v1\\n")
	}
	t.Log(err)
}
