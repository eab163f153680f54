package sriovnic_test

import (
	"fmt"
	"io"
	"log/slog"
	"syscall"
	"testing"

	"github.com/onap/onap-hpa/go/drivers/sriovnic"
	"github.com/onap/onap-hpa/go/host"
	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
)

// BenchmarkHostPerFlavor: the Go host with the sriov-nic driver in process, 1000 flavors (the
// vectors' requests under distinct flavor ids) per DiscoverAll; ns/op is per flavor. The like-for-like
// of the Python host with the Python driver in process.
func BenchmarkHostPerFlavor(b *testing.B) {
	var reqs []*hpa.Request
	cases := load(&testing.T{})
	for i := 0; len(reqs) < 1000; i++ {
		r, err := protocol.DecodeRequest(cases[i%len(cases)].Request)
		if err != nil {
			continue
		}
		r.Flavor.ID = fmt.Sprintf("%s-%d", r.Flavor.ID, i)
		reqs = append(reqs, &r.Request)
	}
	h, err := host.New(host.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))})
	if err != nil {
		b.Fatal(err)
	}
	h.Add(sriovnic.Driver{})
	b.ReportAllocs()
	b.ResetTimer()
	var u0, u1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u0)
	for i := 0; i < b.N; i += len(reqs) {
		h.DiscoverAll(reqs)
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u1)
	cpu := u1.Utime.Nano() + u1.Stime.Nano() - u0.Utime.Nano() - u0.Stime.Nano()
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}
