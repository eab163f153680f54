package kube_test

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/onap/onap-hpa/go/host"
	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/kube"
)

var benchVim = hpa.Vim{CloudOwner: "k8scloudowner", CloudRegionID: "k8sregion", VimType: "k8s"}

func benchHost(b *testing.B) *host.Host {
	h, err := host.New(host.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range drivers {
		h.Add(d)
	}
	return h
}

// profileRequests are n profiles of the recorded cluster's kinds, each with its own cpu count, so that
// distinct=true gives every profile outputs the host has not judged yet.
func profileRequests(b *testing.B, n int, distinct bool) []*hpa.Request {
	base := kube.Profiles(cluster(b), relevance())
	var reqs []*hpa.Request
	for i := 0; i < n; i++ {
		p := base[i%len(base)]
		if distinct {
			facts := p.Facts
			facts.Allocatable = copyMap(facts.Allocatable)
			facts.Allocatable["cpu"] = fmt.Sprint(8 + i)
			p.Facts = facts
			p.ID = fmt.Sprintf("k8s-%016x", i)
		}
		reqs = append(reqs, p.Request(benchVim))
	}
	return reqs
}

// BenchmarkHostPerNodeProfile: the Go host, four Kubernetes drivers in process, per node profile
// (ns/op is per profile), in batches of 1000 profiles as a sync discovers a region: "warm" repeats the recorded cluster's outputs (the verdict cache answers),
// "distinct" gives every profile new outputs (schema, catalogue and cap checked each time).
func BenchmarkHostPerNodeProfile(b *testing.B) {
	for _, distinct := range []bool{false, true} {
		name := map[bool]string{false: "warm", true: "distinct"}[distinct]
		b.Run(name, func(b *testing.B) {
			h := benchHost(b)
			reqs := profileRequests(b, 1000, distinct)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i += len(reqs) {
				h.DiscoverAll(reqs)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
	// One profile per call (Discover), as a caller discovering flavors one by one.
	b.Run("one-by-one", func(b *testing.B) {
		h := benchHost(b)
		reqs := profileRequests(b, 1000, true)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			h.Discover(reqs[i%len(reqs)])
		}
	})
}

// BenchmarkHostPerNodeProfileWorkers: the same through the onap-hpa-driver-k8s worker binaries
// (four sandboxed processes), batches of 1000 profiles; ns/op is per profile.
func BenchmarkHostPerNodeProfileWorkers(b *testing.B) {
	binary := filepath.Join(b.TempDir(), "onap-hpa-driver-k8s")
	build := exec.Command("go", "build", "-o", binary, "../cmd/onap-hpa-driver-k8s")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Skip("cannot build the worker:", err)
	}
	h, err := host.New(host.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	for _, name := range []string{"k8s-compute", "k8s-cpu", "k8s-gpu", "k8s-sriov-nic"} {
		if rec := h.AddWorker(host.WorkerSpec{Command: []string{binary, name}, Name: name}); rec.Status != host.Loaded {
			b.Fatalf("%+v", rec)
		}
	}
	reqs := profileRequests(b, 1000, true)
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i += len(reqs) {
		h.DiscoverAll(reqs)
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "host-cpu-ns/op")
}

// cpuTime is this process's user and system CPU time, in ns (all threads): figures that hold on a
// busy machine, where wall time per op does not.
func cpuTime() int64 {
	var u syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return u.Utime.Nano() + u.Stime.Nano()
}

// BenchmarkProfiles: grouping 1000 nodes (the recorded cluster's kinds) into profiles; ns/op per node.
func BenchmarkProfiles(b *testing.B) {
	base := cluster(b)
	var nodes []kube.Node
	for i := 0; i < 1000; i++ {
		n := base[i%len(base)]
		n.Name = fmt.Sprintf("node-%d", i)
		nodes = append(nodes, n)
	}
	r := relevance()
	b.ResetTimer()
	for i := 0; i < b.N; i += len(nodes) {
		kube.Profiles(nodes, r)
	}
}
