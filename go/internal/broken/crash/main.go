// Command broken-go-crash is a deliberately broken driver (tests only, see package broken): on a flavor
// of more than 65536 vCPUs it panics in a goroutine of its own, where no recover of the SDK reaches: the
// Go runtime prints the panic and exits with status 2.
package main

import (
	"fmt"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/internal/broken"
	"github.com/onap/onap-hpa/go/worker"
)

type driver struct{}

func (driver) Info() hpa.DriverInfo { return broken.Info("crash") }

func (driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	done := make(chan struct{})
	go func() {
		size(req.Flavor.VCPUs)
		close(done) // not deferred: a deferred close would let Discover answer while the runtime dies
	}()
	<-done
	return broken.Basic(req), nil
}

func size(vcpus int64) {
	if vcpus > 65536 {
		panic(fmt.Sprintf("broken-go-crash: %d vCPUs do not fit a worker pool", vcpus))
	}
}

func main() { hpa.Register(driver{}); worker.Main() }
