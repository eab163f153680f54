// Command broken-go-panic is a deliberately broken driver (tests only, see package broken): a runtime
// panic in Discover on every flavor with hw:* extra_specs, which the SDK's recover turns into a "raised" error.
package main

import (
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/internal/broken"
	"github.com/onap/onap-hpa/go/worker"
)

type driver struct{}

func (driver) Info() hpa.DriverInfo { return broken.Info("panic") }

func (driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	for key := range req.ExtraSpecs {
		// Assumes every key is "<namespace>:<name>:<detail>": an index out of range on any other.
		parts := strings.Split(key, ":")
		_ = parts[len(parts)+2]
	}
	return broken.Basic(req), nil
}

func main() { hpa.Register(driver{}); worker.Main() }
