// Command broken-go-hang is a deliberately broken driver (tests only, see package broken): Discover never
// returns on a flavor with hw:* extra_specs (it waits for something that never comes; the host kills it at
// its deadline).
package main

import (
	"time"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/internal/broken"
	"github.com/onap/onap-hpa/go/worker"
)

type driver struct{}

func (driver) Info() hpa.DriverInfo { return broken.Info("hang") }

func (driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	for len(req.ExtraSpecs) > 0 {
		time.Sleep(10 * time.Millisecond) // a sleeping timer, not a deadlock the Go runtime would detect
	}
	return broken.Basic(req), nil
}

func main() { hpa.Register(driver{}); worker.Main() }
