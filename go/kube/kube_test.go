package kube_test

import (
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/onap/onap-hpa/go/drivers/k8scompute"
	"github.com/onap/onap-hpa/go/drivers/k8scpu"
	"github.com/onap/onap-hpa/go/drivers/k8sgpu"
	"github.com/onap/onap-hpa/go/drivers/k8snic"
	"github.com/onap/onap-hpa/go/host"
	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
)

var update = flag.Bool("update", false, "rewrite testdata/cluster/expected.json")

var drivers = []hpa.Driver{k8scompute.Driver{}, k8scpu.Driver{}, k8sgpu.Driver{}, k8snic.Driver{}}

func relevance() kube.Relevance {
	var infos []hpa.DriverInfo
	for _, d := range drivers {
		infos = append(infos, d.Info())
	}
	return kube.RelevanceOf(infos)
}

func cluster(t testing.TB) []kube.Node {
	t.Helper()
	data, err := os.ReadFile("testdata/cluster/nodes.json")
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := kube.NodesFromList(data)
	if err != nil {
		t.Fatal(err)
	}
	features, err := os.ReadFile("testdata/cluster/nodefeatures.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := kube.AddNodeFeatures(nodes, features); err != nil {
		t.Fatal(err)
	}
	return nodes
}

func ids(profiles []kube.Profile) string {
	var out []string
	for _, p := range profiles {
		out = append(out, p.ID+"="+strings.Join(p.Nodes, "+"))
	}
	return strings.Join(out, " ")
}

func TestNodesWithTheSameFactsShareAProfile(t *testing.T) {
	profiles := kube.Profiles(cluster(t), relevance())
	if len(profiles) != 4 {
		t.Fatalf("%d profiles: %s", len(profiles), ids(profiles))
	}
	got := ids(profiles)
	for _, group := range []string{"=plain-1+plain-2", "=sriov-1+sriov-2", "=gpu-1", "=sriov-dpdk-1"} {
		if !strings.Contains(got+" ", group+" ") {
			t.Errorf("no profile %s in %s", group, got)
		}
	}
}

func TestAutoscalingAddsNoProfileAndANewKindAddsOne(t *testing.T) {
	nodes := cluster(t)
	before := kube.Profiles(nodes, relevance())
	// The autoscaler adds a node like plain-1: new name, zone, uid, annotations, ephemeral storage.
	clone := nodes[0]
	clone.Name = "plain-3"
	clone.Labels = copyMap(clone.Labels)
	clone.Labels["kubernetes.io/hostname"] = "plain-3"
	clone.Labels["topology.kubernetes.io/zone"] = "zone-c"
	clone.Allocatable = copyMap(clone.Allocatable)
	clone.Allocatable["ephemeral-storage"] = "12345"
	clone.Allocatable["cpu"] = "7.91" // the same allocatable, spelt otherwise
	after := kube.Profiles(append(nodes, clone), relevance())
	if len(after) != len(before) {
		t.Fatalf("profiles %s -> %s", ids(before), ids(after))
	}
	for i := range before {
		if before[i].ID != after[i].ID {
			t.Fatalf("profile ids changed: %s -> %s", ids(before), ids(after))
		}
	}
	// A node with a new GPU model is a new kind of node: one more profile, the others unchanged.
	other := nodes[2]
	other.Name = "gpu-2"
	other.Labels = copyMap(other.Labels)
	delete(other.Labels, "feature.node.kubernetes.io/pci-0302_10de_1eb8.present")
	other.Labels["feature.node.kubernetes.io/pci-0302_10de_20b5.present"] = "true"
	grown := kube.Profiles(append(nodes, other), relevance())
	if len(grown) != len(before)+1 {
		t.Fatalf("profiles %s -> %s", ids(before), ids(grown))
	}
	for _, p := range before {
		if !strings.Contains(ids(grown), p.ID) {
			t.Fatalf("profile %s vanished", p.ID)
		}
	}
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestQuantities(t *testing.T) {
	for in, want := range map[string]string{"4": "4", "3920m": "3", "7.91": "7", "16Gi": "17179869184", "1e3": "1000", "1.5k": "1500", "0": "0"} {
		q, err := kube.ParseQuantity(in)
		if err != nil || kube.Floor(q, 1) != want {
			t.Errorf("%s: %v %v", in, q, err)
		}
	}
	for _, bad := range []string{"", "x", "1.2.3", "1Ki2", "--1", "1e999"} {
		if _, err := kube.ParseQuantity(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestClusterDiscovery runs the four Kubernetes drivers on the recorded cluster's profiles through the
// host and compares the AAI flavor records and faults with testdata/cluster/expected.json (-update
// rewrites it; review the diff).
func TestClusterDiscovery(t *testing.T) {
	h, err := host.New(host.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drivers {
		if rec := h.Add(d); rec.Status != host.Loaded {
			t.Fatalf("%+v", rec)
		}
	}
	vim := hpa.Vim{CloudOwner: "k8scloudowner", CloudRegionID: "k8sregion", VimType: "k8s"}
	var reqs []*hpa.Request
	profiles := kube.Profiles(cluster(t), relevance())
	for _, p := range profiles {
		reqs = append(reqs, p.Request(vim))
	}
	type flavor struct {
		Nodes  []string        `json:"nodes"`
		Flavor json.RawMessage `json:"flavor"`
		Faults []host.Fault    `json:"faults"`
	}
	var got []flavor
	for i, res := range h.DiscoverAll(reqs) {
		if res.Faults == nil {
			res.Faults = []host.Fault{}
		}
		got = append(got, flavor{profiles[i].Nodes, res.Record.AppendJSON(nil), res.Faults})
	}
	data, _ := json.MarshalIndent(got, "", " ")
	data = append(data, '\n')
	if *update {
		if err := os.WriteFile("testdata/cluster/expected.json", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/cluster/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(data) {
		t.Fatalf("cluster discovery changed; go test ./kube -run TestClusterDiscovery -update and review:\n%s", data)
	}
}

// A node with less than one whole allocatable core (a 1-vCPU edge node: 940m), or a profile whose facts
// hold no cpu or memory, is still a flavor of at least 1 vCPU and 1 MiB: Nova's flavor schema, which the
// Python host applies to every flavor it syncs.
func TestRequestSizesAreAtLeastOne(t *testing.T) {
	vim := hpa.Vim{CloudOwner: "o", CloudRegionID: "r", VimType: "k8s"}
	small := kube.Profile{ID: "k8s-x", Facts: hpa.Node{Allocatable: map[string]string{"cpu": "940m", "memory": "512Ki"}}}
	if f := small.Request(vim).Flavor; f.VCPUs != 1 || f.RAM != 1 {
		t.Fatalf("%+v", f)
	}
	if f := (kube.Profile{ID: "k8s-y"}).Request(vim).Flavor; f.VCPUs != 1 || f.RAM != 1 {
		t.Fatalf("%+v", f)
	}
}
