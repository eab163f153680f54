// Package broken holds deliberately broken Go drivers, for the conformance gate's tests only
// (harness/tests/test_conformance_go.py builds each command under it with go build and runs
// onap-hpa conformance --exec on it). Never ship them: each breaks one rule of the contract on purpose,
// and is otherwise a good driver: a basicCapabilities record the catalogue accepts, on every flavor.
//
//	panic    a runtime panic (index out of range) in Discover on every flavor with hw:* extra_specs: the SDK's
//	         recover makes it a "raised" error per flavor               -> fixtures, hostile
//	crash    a panic in a goroutine on a flavor of more than 65536 vCPUs (none in the fixtures; Nova allows
//	         2^31-1): no recover reaches it, the process dies (exit 2) -> hostile (flavor, exit status, panic)
//	hang     never returns on a flavor with hw:* extra_specs                -> fixtures, budget
//	garbage  records OOF cannot read: attribute values that are bare numbers, not JSON objects
//	                                                                     -> fixtures, hostile
//	wire     its own protocol loop (no worker.Serve): a line of bytes that is not JSON on the protocol
//	         channel for a flavor with hw:* extra_specs                 -> fixtures, hostile
package broken

import (
	"github.com/onap/onap-hpa/go/hpa"
)

// Info is the self-description of the broken driver broken-go-<name>: it reads Nova's hw:* extra_specs
// (the host sends a worker only the extra_specs its driver declares it reads).
func Info(name string) hpa.DriverInfo {
	return hpa.DriverInfo{Name: "broken-go-" + name, Version: "0.0.1", Features: []string{"basicCapabilities"},
		Reads: []string{"hw:*"}}
}

// Basic is a good basicCapabilities record of the flavor.
func Basic(req *hpa.Request) []hpa.Capability {
	return []hpa.Capability{hpa.NewCapability("basicCapabilities", "generic",
		hpa.AttrInt("numVirtualCpu", max(req.Flavor.VCPUs, 1)),
		hpa.AttrUnit("virtualMemSize", itoa(max(req.Flavor.RAM, 1)), hpa.MB))}
}

func itoa(n int64) string {
	var digits [20]byte
	i := len(digits)
	for {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(digits[i:])
		}
	}
}
