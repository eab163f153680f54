package host_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/onap/onap-hpa/go/host"
	"github.com/onap/onap-hpa/go/hpa"
)

func newHost(t *testing.T, opts host.Options) *host.Host {
	t.Helper()
	if opts.Sandbox.MemoryMB == 0 {
		opts.Sandbox.MemoryMB = workerMemoryMB
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h, err := host.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

func req(id string, specs map[string]string) *hpa.Request {
	return &hpa.Request{
		Flavor:     hpa.Flavor{ID: id, Name: "onap." + id, VCPUs: 4, RAM: 4096, Selflink: "http://0.0.0.0"},
		ExtraSpecs: specs,
		Vim:        hpa.Vim{CloudOwner: "CloudOwner", CloudRegionID: "RegionOne", VimType: "openstack"},
	}
}

func kinds(faults []host.Fault) []string {
	var out []string
	for _, f := range faults {
		out = append(out, f.Driver+":"+f.Kind)
	}
	return out
}

func TestInProcessIsolationPerDriverAndFlavor(t *testing.T) {
	h := newHost(t, host.Options{Deadline: 200 * time.Millisecond})
	h.Add(toy{"toy"})
	h.Add(toy{"other"})
	cases := map[string]string{
		"panic": "raised", "error": "raised", "undeclared": "undeclared-feature", "oversize": "oversize",
		"misspelt": "invalid-output", "garbage-value": "invalid-output", "version": "invalid-output",
		"hang": "timeout", "bad": "bad-input",
	}
	for mode, kind := range cases {
		// "toy" misbehaves; "other" (same code) gets a good flavor: only toy's records are lost.
		res := h.DiscoverAll([]*hpa.Request{req("f-"+mode, map[string]string{"mode": mode})})[0]
		var toyFaults []string
		for _, f := range res.Faults {
			if f.Driver == "toy" {
				toyFaults = append(toyFaults, f.Kind)
			}
		}
		if len(toyFaults) == 0 || toyFaults[0] != kind {
			t.Errorf("%s: faults %v, want toy:%s", mode, kinds(res.Faults), kind)
		}
		wantKept := 0
		if mode == "bad" {
			wantKept = 1 // a partial result: the good record stays
		}
		if got := len(res.Capabilities["toy"]); got != wantKept && !strings.Contains(strings.Join(kinds(res.Faults), ","), "conflict") {
			t.Errorf("%s: toy kept %d records, want %d", mode, got, wantKept)
		}
	}
}

func TestConflictDropsTheFeatureFromBothDrivers(t *testing.T) {
	h := newHost(t, host.Options{})
	h.Add(toy{"toy"})
	h.Add(toy{"other"})
	res := h.Discover(req("f", nil))
	if got := kinds(res.Faults); len(got) != 2 || got[0] != "toy:conflict" && got[0] != "other:conflict" {
		t.Fatalf("faults %v", got)
	}
	if len(res.Record.Capabilities) != 0 {
		t.Fatalf("kept %d records", len(res.Record.Capabilities))
	}
}

func TestRecordsGetThePythonHostsIds(t *testing.T) {
	h := newHost(t, host.Options{})
	h.Add(toy{"toy"})
	res := h.Discover(req("onap.large", nil))
	want := hpa.CapabilityID("CloudOwner", "RegionOne", "onap.large", "toy", "numa", 0)
	if len(res.Record.Capabilities) != 1 || res.Record.Capabilities[0].ID != want {
		t.Fatalf("%+v", res.Record)
	}
	urls := res.DeleteURLs()
	if len(urls) != 1 || urls[0] != hpa.CapabilityURL("CloudOwner", "RegionOne", "onap.large", want) {
		t.Fatalf("%v", urls)
	}
	data, _ := json.Marshal(res.Record)
	if !strings.HasPrefix(string(data), `{"flavor-id":"onap.large","flavor-name":"onap.onap.large","flavor-vcpus":4`) {
		t.Fatalf("%s", data)
	}
}

func TestBadRequestIsTheHostsFault(t *testing.T) {
	h := newHost(t, host.Options{})
	h.Add(toy{"toy"})
	r := req("bad\nid", nil)
	res := h.Discover(r)
	if res.Record != nil || len(res.Faults) != 1 || res.Faults[0].Kind != host.BadRequest || res.Faults[0].Driver != "host" {
		t.Fatalf("%+v", res)
	}
}

func workerSpec(mode string) host.WorkerSpec {
	return host.WorkerSpec{Command: []string{os.Args[0], "--worker=" + mode}}
}

func TestWorkerDriverAnswersLikeTheInProcessOne(t *testing.T) {
	h := newHost(t, host.Options{})
	rec := h.AddWorker(workerSpec("toy"))
	if rec.Status != host.Loaded || rec.Info.Name != "toy" || rec.Info.Contract != hpa.ContractVersion {
		t.Fatalf("%+v", rec)
	}
	inproc := newHost(t, host.Options{})
	inproc.Add(toy{"toy"})
	reqs := []*hpa.Request{req("a", nil), req("b", map[string]string{"mode": "bad"}), req("c", map[string]string{"mode": "print"}), req("d", map[string]string{"mode": "panic"})}
	got, want := h.DiscoverAll(reqs), inproc.DiscoverAll(reqs)
	for i := range reqs {
		g, _ := json.Marshal(got[i].Record)
		w, _ := json.Marshal(want[i].Record)
		if string(g) != string(w) {
			t.Errorf("%s: worker %s\nin-process %s", reqs[i].Flavor.ID, g, w)
		}
		if strings.Join(kinds(got[i].Faults), ",") != strings.Join(kinds(want[i].Faults), ",") {
			t.Errorf("%s: worker faults %v, in-process %v", reqs[i].Flavor.ID, kinds(got[i].Faults), kinds(want[i].Faults))
		}
	}
}

func TestWorkerCrashCostsOneFlavorThenQuarantine(t *testing.T) {
	h := newHost(t, host.Options{Deadline: 500 * time.Millisecond})
	h.AddWorker(workerSpec("toy"))
	reqs := []*hpa.Request{
		req("a", nil), req("b", map[string]string{"mode": "crash"}), req("c", nil),
		req("d", map[string]string{"mode": "hang"}), req("e", nil), req("f", map[string]string{"mode": "crash"}),
		req("g", nil), req("h", nil),
	}
	res := h.DiscoverAll(reqs)
	want := []string{"", "toy:crashed", "", "toy:timeout", "", "toy:crashed", "toy:quarantined", "toy:quarantined"}
	for i, r := range res {
		got := strings.Join(kinds(r.Faults), ",")
		if got != want[i] {
			t.Errorf("%s: faults %q, want %q", r.FlavorID, got, want[i])
		}
		if want[i] == "" && len(r.Capabilities["toy"]) != 1 {
			t.Errorf("%s: lost its record", r.FlavorID)
		}
	}
	if !strings.Contains(res[1].Faults[0].Message, "exited with status 7") {
		t.Errorf("crash message: %s", res[1].Faults[0].Message)
	}
	if d := h.Drivers(); d[0].Status != host.Quarantined {
		t.Errorf("driver %+v", d[0])
	}
}

func TestWorkersThatBreakTheProtocol(t *testing.T) {
	for _, mode := range []string{"garbage", "wrong-id", "long-line"} {
		h := newHost(t, host.Options{})
		if rec := h.AddWorker(workerSpec(mode)); rec.Status != host.Loaded {
			t.Fatalf("%s: %+v", mode, rec)
		}
		res := h.Discover(req("a", nil))
		if got := kinds(res.Faults); len(got) != 1 || got[0] != "toy:invalid-output" {
			t.Errorf("%s: %v", mode, got)
		}
	}
}

func TestWorkersThatCannotStart(t *testing.T) {
	h := newHost(t, host.Options{StartupTimeout: 300 * time.Millisecond})
	if rec := h.AddWorker(workerSpec("fatal")); rec.Status != host.Failed && rec.Status != host.Incompatible || !strings.Contains(rec.Error, "9.0") {
		t.Errorf("fatal: %+v", rec)
	}
	if rec := h.AddWorker(workerSpec("silent")); rec.Status != host.Failed || !strings.Contains(rec.Error, "no hello") {
		t.Errorf("silent: %+v", rec)
	}
	if rec := h.AddWorker(host.WorkerSpec{Command: []string{"/nonexistent/driver"}}); rec.Status != host.Failed {
		t.Errorf("missing binary: %+v", rec)
	}
	if rec := h.AddWorker(host.WorkerSpec{Command: []string{os.Args[0], "--worker=toy"}, Name: "sriov-nic"}); rec.Status != host.Failed {
		t.Errorf("wrong name: %+v", rec)
	}
}

func TestSandboxEnvironmentIsAnAllowlist(t *testing.T) {
	t.Setenv("OS_PASSWORD", "s3cr3t")
	t.Setenv("HARMLESS", "yes")
	env, err := host.Sandbox{Env: []string{"HARMLESS"}}.Environment("/tmp/w")
	if err != nil || strings.Contains(strings.Join(env, " "), "s3cr3t") || !strings.Contains(strings.Join(env, " "), "HARMLESS=yes") {
		t.Fatalf("%v %v", env, err)
	}
	if _, err := (host.Sandbox{Env: []string{"OS_PASSWORD"}}).Environment("/tmp/w"); err == nil {
		t.Fatal("a secret-looking variable was allowed")
	}
}
