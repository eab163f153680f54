package kube_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
	"github.com/onap/onap-hpa/go/protocol"
)

const profileVectors = "../../contract/vectors/node-profiles.json"

// TestProfileVectors writes (-update) and checks contract/vectors/node-profiles.json: the recorded
// cluster's nodes, the drivers' reads, and the profiles and requests they make. Go is the reference
// here; a Python port of node profiles (the Kubernetes sync source) must reproduce the file.
func TestProfileVectors(t *testing.T) {
	nodes := cluster(t)
	var infos []hpa.DriverInfo
	var reads []string
	for _, d := range drivers {
		infos = append(infos, d.Info())
		reads = append(reads, d.Info().Reads...)
	}
	vim := hpa.Vim{CloudOwner: "k8scloudowner", CloudRegionID: "k8sregion", VimType: "k8s"}
	type profile struct {
		ID      string          `json:"id"`
		Nodes   []string        `json:"nodes"`
		Request json.RawMessage `json:"request"`
	}
	var profiles []profile
	for _, p := range kube.Profiles(nodes, kube.RelevanceOf(infos)) {
		r := protocol.Request{ID: "0", Request: *p.Request(vim)}
		profiles = append(profiles, profile{p.ID, p.Nodes, r.AppendJSON(nil)})
	}
	type input struct {
		Name string   `json:"name"`
		Node hpa.Node `json:"node"`
	}
	var inputs []input
	for _, n := range nodes {
		inputs = append(inputs, input{n.Name, n.Node})
	}
	doc := map[string]any{
		"generated-by": "go/kube/vectors_test.go (go test ./kube -run TestProfileVectors -update)",
		"description": "Kubernetes node profiles: nodes with the same facts (the labels, annotations, allocatable and capacity " +
			"resources and NodeFeature attribute sets the drivers' reads name, 'node.<part>/<key>' with a trailing '*' for a " +
			"prefix; cpu as whole cores, memory and hugepages-* as whole MiB ('<n>Mi'), other resources as whole counts, " +
			"floored; a quantity that does not parse kept as written) form one profile; its id is 'k8s-' and the first 16 hex " +
			"digits of the SHA-256 of the canonical compact JSON {\"labels\",\"annotations\",\"allocatable\",\"capacity\",\"features\"} " +
			"of those facts (members sorted by key, absent maps as {}). Its request: flavor id = the profile id, name 'onap.' + id, " +
			"vcpus and ram (MiB) from the facts' allocatable cpu and memory (at least 1 each), the facts as the node part.",
		"vim":      vim,
		"reads":    reads,
		"nodes":    inputs,
		"profiles": profiles,
	}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	if *update {
		if err := os.WriteFile(profileVectors, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(profileVectors)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(data) {
		t.Fatal("node profiles changed; go test ./kube -run TestProfileVectors -update and review contract/vectors/node-profiles.json")
	}
}
