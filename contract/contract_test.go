package contract

import (
	"encoding/json"
	"testing"
)

func TestEveryFileIsJSON(t *testing.T) {
	for path, data := range Schemas() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		if _, ok := v["$id"].(string); !ok {
			t.Errorf("%s: no $id", path)
		}
	}
	var catalogue struct {
		Features []map[string]any `json:"features"`
	}
	if err := json.Unmarshal(Catalogue(), &catalogue); err != nil || len(catalogue.Features) == 0 {
		t.Fatalf("catalogue.json: %v (%d features)", err, len(catalogue.Features))
	}
}

func TestAccessorsMatchPaths(t *testing.T) {
	for path, got := range map[string][]byte{
		HPACapabilitySchemaPath: HPACapabilitySchema(),
		CatalogueSchemaPath:     CatalogueSchema(),
		HostMessageSchemaPath:   HostMessageSchema(),
		WorkerMessageSchemaPath: WorkerMessageSchema(),
	} {
		if string(got) != string(Schemas()[path]) {
			t.Errorf("%s: accessor and Schemas() disagree", path)
		}
	}
}
