package canonjson_test

import (
	"encoding/json"
	"testing"

	"github.com/onap/onap-hpa/contract/vectors"
	"github.com/onap/onap-hpa/go/canonjson"
)

func TestVectorCanonicalJSON(t *testing.T) {
	data, err := vectors.FS.ReadFile("canonical-json.json")
	if err != nil {
		t.Fatal(err)
	}
	// Read the file itself keeping member order: each case's "value" must keep its own.
	doc, err := canonjson.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	cases, _ := doc.(canonjson.Object).Get("cases")
	if len(cases.([]any)) < 5 {
		t.Fatal("too few canonical-json vectors")
	}
	for _, c := range cases.([]any) {
		obj := c.(canonjson.Object)
		name, _ := obj.Get("name")
		value, _ := obj.Get("value")
		compact, _ := obj.Get("compact")
		size, _ := obj.Get("bytes")
		got, err := canonjson.Marshal(value)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if string(got) != compact.(string) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, compact)
		}
		if n, _ := size.(json.Number).Int64(); int64(len(got)) != n {
			t.Errorf("%s: %d bytes, Python counts %d", name, len(got), n)
		}
	}
}

func TestStandardLibraryWouldDiffer(t *testing.T) {
	// Why this package exists: encoding/json escapes what orjson writes raw.
	std, _ := json.Marshal("<&>\u2028")
	ours, _ := canonjson.Marshal("<&>\u2028")
	if string(std) == string(ours) || string(ours) != "\"<&>\u2028\"" {
		t.Fatalf("std %s, ours %s", std, ours)
	}
}

func TestDecodeKeepsOrderAndLastDuplicate(t *testing.T) {
	v, err := canonjson.Decode([]byte(`{"b":1,"a":2,"b":3}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := canonjson.Marshal(v)
	if string(got) != `{"b":3,"a":2}` {
		t.Fatalf("got %s", got)
	}
	if _, err := canonjson.Decode([]byte(`{} x`)); err == nil {
		t.Fatal("trailing data accepted")
	}
	if _, err := canonjson.Marshal(json.Number("1.5")); err == nil {
		t.Fatal("float accepted")
	}
}
