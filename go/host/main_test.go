package host_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
	"github.com/onap/onap-hpa/go/worker"
)

// The test binary doubles as the worker binaries of these tests: run with "--worker=MODE" as its
// first argument, it serves the driver of that mode instead of running tests.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], "--worker=") {
		os.Exit(serveMode(strings.TrimPrefix(os.Args[1], "--worker=")))
	}
	os.Exit(m.Run())
}

// toy reads extra_spec "mode" per request and misbehaves on demand.
type toy struct{ name string }

func (t toy) Info() hpa.DriverInfo {
	return hpa.DriverInfo{Name: t.name, Version: "1.0", Features: []string{"numa", "cpuPinning"}}
}

func (t toy) Discover(r *hpa.Request) ([]hpa.Capability, error) {
	numa := hpa.NewCapability("numa", "generic", hpa.Attr("numaNodes", "2"))
	switch r.ExtraSpecs["mode"] {
	case "crash":
		os.Exit(7)
	case "hang":
		time.Sleep(time.Hour)
	case "panic":
		panic("toy panics")
	case "print":
		fmt.Println("to stdout, which is the log")
		fmt.Fprintln(os.Stderr, "to stderr")
	case "bad":
		return []hpa.Capability{numa}, hpa.NewBadInput(r.Flavor.ID, "mode", "bad", "a good mode")
	case "error":
		return []hpa.Capability{numa}, errors.New("toy failed")
	case "undeclared":
		return []hpa.Capability{hpa.NewCapability("ovsDpdk", "Intel64", hpa.Attr("dataProcessingAccelerationLibrary", "v1"))}, nil
	case "oversize":
		var attrs []hpa.Attribute
		for i := 0; i < 40; i++ {
			attrs = append(attrs, hpa.Attr(fmt.Sprintf("numaCpu-%d", i), "0-3"))
		}
		return []hpa.Capability{hpa.NewCapability("numa", "generic", append([]hpa.Attribute{hpa.Attr("numaNodes", "40")}, attrs...)...)}, nil
	case "misspelt":
		return []hpa.Capability{hpa.NewCapability("numa", "generic", hpa.Attr("numaNode", "2"))}, nil
	case "garbage-value":
		return []hpa.Capability{hpa.NewCapability("numa", "generic", hpa.Attribute{Key: "numaNodes", Value: "2"})}, nil
	case "version":
		c := numa
		c.Version = "v1\n"
		return []hpa.Capability{c}, nil
	}
	return []hpa.Capability{numa}, nil
}

func serveMode(mode string) int {
	switch mode {
	case "toy":
		return worker.Serve(toy{"toy"})
	case "other":
		return worker.Serve(toy{"other"})
	case "fatal":
		fmt.Println(string(protocol.AppendFatal(nil, "incompatible", "built for contract 9.0", "9.0")))
		return 3
	case "silent":
		time.Sleep(time.Hour)
	case "garbage", "wrong-id", "long-line":
		// A worker that breaks the protocol after a correct hello.
		in := bufio.NewScanner(os.Stdin)
		in.Buffer(nil, 4<<20)
		in.Scan()
		info, _ := hpa.Complete(toy{"toy"})
		fmt.Println(string(protocol.AppendWorkerHello(nil, info)))
		for in.Scan() {
			switch mode {
			case "garbage":
				fmt.Println("this is not JSON")
			case "wrong-id":
				fmt.Println(`{"type":"result","id":"999","records":[],"errors":[]}`)
			default:
				fmt.Println(strings.Repeat("x", protocol.MaxLine+10))
			}
		}
	}
	return 0
}
