// Command onap-hpa-driver-sriov-nic is the SR-IOV NIC driver as a protocol worker binary.
package main

import (
	_ "github.com/onap/onap-hpa/go/drivers/sriovnic"
	"github.com/onap/onap-hpa/go/worker"
)

func main() { worker.Main() }
