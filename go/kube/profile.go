// Package kube turns Kubernetes nodes into what onap-hpa drivers discover: node profiles, each an
// AAI flavor of a Kubernetes cloud region.
//
// A cluster's nodes are grouped by their HPA-relevant facts — the labels, annotations, allocatable
// resources and node-feature-discovery attributes the installed drivers read (their DriverInfo.Reads
// "node.*" entries) — with quantities normalised (whole cores, MiB, device counts). Every group is
// one profile, one flavor; its id is a hash of those facts and nothing else, so an autoscaler adding
// a node like the others changes nothing in AAI, and a node of a new kind adds one flavor.
package kube

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/onap/onap-hpa/go/canonjson"
	"github.com/onap/onap-hpa/go/hpa"
)

// Node is one Kubernetes node as discovery reads it.
type Node struct {
	Name string
	hpa.Node
}

// NodesFromList reads a v1 NodeList (kubectl get nodes -o json, or the API's answer).
func NodesFromList(data []byte) ([]Node, error) {
	var list struct {
		Items []apiNode `json:"items"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("not a NodeList: %w", err)
	}
	nodes := make([]Node, len(list.Items))
	for i, item := range list.Items {
		nodes[i] = item.node()
	}
	return nodes, nil
}

type apiNode struct {
	Metadata struct {
		Name        string            `json:"name"`
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
	Status struct {
		Capacity    map[string]string `json:"capacity"`
		Allocatable map[string]string `json:"allocatable"`
	} `json:"status"`
}

func (a apiNode) node() Node {
	return Node{Name: a.Metadata.Name, Node: hpa.Node{
		Labels: a.Metadata.Labels, Annotations: a.Metadata.Annotations,
		Capacity: a.Status.Capacity, Allocatable: a.Status.Allocatable,
	}}
}

// AddNodeFeatures merges node-feature-discovery NodeFeature objects (a nfd.k8s-sigs.io/v1alpha1
// NodeFeatureList) into the nodes they name (label nfd.node.kubernetes.io/node-name): their
// attribute sets become Node.Features.
func AddNodeFeatures(nodes []Node, data []byte) error {
	var list struct {
		Items []struct {
			Metadata struct {
				Labels map[string]string `json:"labels"`
			} `json:"metadata"`
			Spec struct {
				Features struct {
					Attributes map[string]struct {
						Elements map[string]string `json:"elements"`
					} `json:"attributes"`
				} `json:"features"`
			} `json:"spec"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return fmt.Errorf("not a NodeFeatureList: %w", err)
	}
	byName := map[string]*Node{}
	for i := range nodes {
		byName[nodes[i].Name] = &nodes[i]
	}
	for _, item := range list.Items {
		n := byName[item.Metadata.Labels["nfd.node.kubernetes.io/node-name"]]
		if n == nil {
			continue
		}
		if n.Features == nil {
			n.Features = map[string]map[string]string{}
		}
		for name, set := range item.Spec.Features.Attributes {
			if n.Features[name] == nil {
				n.Features[name] = map[string]string{}
			}
			for k, v := range set.Elements {
				n.Features[name][k] = v
			}
		}
	}
	return nil
}

// Relevance says which node facts matter to the installed drivers: keys exactly, or prefixes.
type Relevance struct {
	Labels, Annotations, Allocatable, Capacity, Features matcher
}

type matcher struct {
	exact    map[string]bool
	prefixes []string
}

func (m *matcher) add(pattern string) {
	if m.exact == nil {
		m.exact = map[string]bool{}
	}
	if strings.HasSuffix(pattern, "*") {
		m.prefixes = append(m.prefixes, strings.TrimSuffix(pattern, "*"))
	} else {
		m.exact[pattern] = true
	}
}

func (m *matcher) match(key string) bool {
	if m.exact[key] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// RelevanceOf collects the "node.<part>/<key>" entries of the drivers' Reads.
func RelevanceOf(drivers []hpa.DriverInfo) Relevance {
	var r Relevance
	for _, d := range drivers {
		for _, read := range d.Reads {
			part, key, ok := strings.Cut(read, "/")
			if !ok {
				continue
			}
			switch part {
			case "node.labels":
				r.Labels.add(key)
			case "node.annotations":
				r.Annotations.add(key)
			case "node.allocatable":
				r.Allocatable.add(key)
			case "node.capacity":
				r.Capacity.add(key)
			case "node.features":
				r.Features.add(key)
			}
		}
	}
	return r
}

// Facts are a node's HPA-relevant facts, quantities normalised: cpu in whole cores, memory and
// hugepages-* in MiB ("16384Mi"), other resources as whole counts. A quantity that does not parse is
// kept as it is, for the driver to report.
func (r Relevance) Facts(n hpa.Node) hpa.Node {
	var f hpa.Node
	f.Labels = filter(n.Labels, &r.Labels, nil)
	f.Annotations = filter(n.Annotations, &r.Annotations, nil)
	f.Allocatable = filter(n.Allocatable, &r.Allocatable, normalise)
	f.Capacity = filter(n.Capacity, &r.Capacity, normalise)
	for name, set := range n.Features {
		if r.Features.match(name) {
			if f.Features == nil {
				f.Features = map[string]map[string]string{}
			}
			f.Features[name] = set
		}
	}
	return f
}

func filter(m map[string]string, keep *matcher, norm func(string, string) string) map[string]string {
	var out map[string]string
	for k, v := range m {
		if !keep.match(k) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		if norm != nil {
			v = norm(k, v)
		}
		out[k] = v
	}
	return out
}

func normalise(resource, value string) string {
	q, err := ParseQuantity(value)
	if err != nil {
		return value
	}
	switch {
	case resource == "cpu":
		return Floor(q, 1)
	case resource == "memory" || strings.HasPrefix(resource, "hugepages-"):
		return Floor(q, 1<<20) + "Mi"
	}
	return Floor(q, 1)
}

// Profile is a set of nodes with the same facts: one AAI flavor.
type Profile struct {
	ID    string   // "k8s-" + 16 hex digits of the facts' SHA-256
	Nodes []string // node names, sorted
	Facts hpa.Node
}

// Profiles groups nodes by their facts under r; sorted by id.
func Profiles(nodes []Node, r Relevance) []Profile {
	byKey := map[string]*Profile{}
	for _, n := range nodes {
		facts := r.Facts(n.Node)
		key := factsKey(facts)
		p := byKey[key]
		if p == nil {
			sum := sha256.Sum256([]byte(key))
			p = &Profile{ID: "k8s-" + hex.EncodeToString(sum[:8]), Facts: facts}
			byKey[key] = p
		}
		p.Nodes = append(p.Nodes, n.Name)
	}
	out := make([]Profile, 0, len(byKey))
	for _, p := range byKey {
		sort.Strings(p.Nodes)
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// factsKey is the canonical JSON of the facts (maps sorted by key): what the profile id hashes.
func factsKey(f hpa.Node) string {
	features := map[string]any{}
	for k, v := range f.Features {
		features[k] = v
	}
	obj := canonjson.Pairs("labels", orEmpty(f.Labels), "annotations", orEmpty(f.Annotations),
		"allocatable", orEmpty(f.Allocatable), "capacity", orEmpty(f.Capacity), "features", features)
	out, _ := canonjson.Marshal(obj)
	return string(out)
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Request is the discovery request of a profile in the Kubernetes cloud region vim: a flavor named
// after the profile (vcpus and ram from its allocatable cpu and memory, at least 1 each as Nova's
// flavor schema and the Python host require: a node with less than one whole allocatable core is a
// 1-vCPU flavor) and the node part.
func (p Profile) Request(vim hpa.Vim) *hpa.Request {
	facts := p.Facts
	flavor := hpa.Flavor{ID: p.ID, Name: "onap." + p.ID, IsPublic: true, Selflink: "http://0.0.0.0", VCPUs: 1, RAM: 1}
	if q, err := ParseQuantity(facts.Allocatable["cpu"]); err == nil {
		flavor.VCPUs = max(1, clamp(Floor(q, 1)))
	}
	if q, err := ParseQuantity(facts.Allocatable["memory"]); err == nil {
		flavor.RAM = max(1, clamp(Floor(q, 1<<20)))
	}
	return &hpa.Request{Flavor: flavor, ExtraSpecs: map[string]string{}, Vim: vim, Node: &facts}
}

func clamp(decimal string) int64 {
	var n int64
	for _, c := range decimal {
		n = n*10 + int64(c-'0')
		if n > 1<<31-1 {
			return 1<<31 - 1
		}
	}
	return n
}
