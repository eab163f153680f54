// Command onap-hpa-driver-k8s is the Kubernetes drivers as protocol worker binaries:
// onap-hpa-driver-k8s k8s-compute | k8s-cpu | k8s-gpu | k8s-sriov-nic serves that one driver.
package main

import (
	_ "github.com/onap/onap-hpa/go/drivers/k8scompute"
	_ "github.com/onap/onap-hpa/go/drivers/k8scpu"
	_ "github.com/onap/onap-hpa/go/drivers/k8sgpu"
	_ "github.com/onap/onap-hpa/go/drivers/k8snic"
	"github.com/onap/onap-hpa/go/worker"
)

func main() { worker.Main() }
