// Command broken-go-garbage is a deliberately broken driver (tests only, see package broken): its records'
// attribute values are bare numbers, not the JSON objects OOF parses.
package main

import (
	"strconv"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/internal/broken"
	"github.com/onap/onap-hpa/go/worker"
)

type driver struct{}

func (driver) Info() hpa.DriverInfo { return broken.Info("garbage") }

func (driver) Discover(req *hpa.Request) ([]hpa.Capability, error) {
	return []hpa.Capability{{Feature: "basicCapabilities", Architecture: "generic", Version: hpa.HPAVersion,
		Attributes: []hpa.Attribute{
			{Key: "numVirtualCpu", Value: strconv.FormatInt(max(req.Flavor.VCPUs, 1), 10)},
			{Key: "virtualMemSize", Value: strconv.FormatInt(max(req.Flavor.RAM, 1), 10)},
		}}}, nil
}

func main() { hpa.Register(driver{}); worker.Main() }
