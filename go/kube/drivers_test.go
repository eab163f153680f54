package kube_test

import (
	"strings"
	"testing"

	"github.com/onap/onap-hpa/go/drivers/k8scompute"
	"github.com/onap/onap-hpa/go/drivers/k8scpu"
	"github.com/onap/onap-hpa/go/drivers/k8sgpu"
	"github.com/onap/onap-hpa/go/drivers/k8snic"
	"github.com/onap/onap-hpa/go/hpa"
)

func onNode(labels, allocatable map[string]string, features map[string]map[string]string) *hpa.Request {
	return &hpa.Request{Flavor: hpa.Flavor{ID: "k8s-x"}, Vim: hpa.Vim{CloudOwner: "o", CloudRegionID: "r"},
		Node: &hpa.Node{Labels: labels, Allocatable: allocatable, Features: features}}
}

// summary is "feature:key=value,... | bad:key" for what a driver returned.
func summary(records []hpa.Capability, err error) string {
	var parts []string
	for _, r := range records {
		var attrs []string
		for _, a := range r.Attributes {
			attrs = append(attrs, a.Key+"="+a.Value)
		}
		parts = append(parts, r.Feature+"/"+r.Architecture+":"+strings.Join(attrs, ","))
	}
	bad, other := hpa.Problems(err)
	for _, b := range bad {
		parts = append(parts, "bad:"+b.Key)
	}
	for _, e := range other {
		parts = append(parts, "error:"+e.Error())
	}
	return strings.Join(parts, " | ")
}

func TestKubernetesDriversOnEdgeCases(t *testing.T) {
	const pci = "feature.node.kubernetes.io/pci-"
	cases := []struct {
		name   string
		driver hpa.Driver
		req    *hpa.Request
		want   string
	}{
		{"no node part: a Nova flavor", k8scompute.Driver{}, &hpa.Request{}, ""},
		{"cpu under one core", k8scompute.Driver{}, onNode(nil, map[string]string{"cpu": "500m", "memory": "1Gi"}, nil), "bad:node.allocatable/cpu"},
		{"page sizes tie: the larger", k8scompute.Driver{}, onNode(nil, map[string]string{"cpu": "2", "memory": "4Gi", "hugepages-2Mi": "1Gi", "hugepages-1Gi": "1Gi"}, nil),
			`basicCapabilities/generic:numVirtualCpu={"value":"2"},virtualMemSize={"value":"4096","unit":"MB"} | hugePages/generic:memoryPageSize={"value":"1","unit":"GB"}`},
		{"numa label without a count", k8scompute.Driver{}, onNode(map[string]string{"feature.node.kubernetes.io/memory-numa": "true"}, nil, nil), "bad:node.labels/feature.node.kubernetes.io/memory-numa"},
		{"numa count from the onap-hpa label", k8scompute.Driver{}, onNode(map[string]string{"numa.hpa.onap.org/nodes": "4"}, nil, nil), `numa/generic:numaNodes={"value":"4"}`},
		{"numa count not canonical", k8scompute.Driver{}, onNode(nil, nil, map[string]map[string]string{"memory.numa": {"node_count": "02"}}), "bad:node.features/memory.numa/node_count"},
		{"arm64: no Intel64 record", k8scpu.Driver{}, onNode(map[string]string{"kubernetes.io/arch": "arm64", "feature.node.kubernetes.io/cpu-cpuid.ASIMD": "true"}, nil, nil), ""},
		{"flags past 255 characters", k8scpu.Driver{}, onNode(manyFlags(60), nil, nil), "bad:node.labels/feature.node.kubernetes.io/cpu-cpuid.*"},
		{"GPU without NFD's device field", k8sgpu.Driver{}, onNode(map[string]string{pci + "0302_10de.present": "true"}, map[string]string{"nvidia.com/gpu": "1"}, nil), "bad:node.labels/feature.node.kubernetes.io/pci-03xx_10de_<device>.present"},
		{"two GPU models", k8sgpu.Driver{}, onNode(map[string]string{pci + "0302_10de_1eb8.present": "true", pci + "0300_10de_2204.present": "true"}, map[string]string{"nvidia.com/gpu": "4"}, nil), "bad:node.labels/feature.node.kubernetes.io/pci-03xx_10de_<device>.present"},
		{"AMD GPU", k8sgpu.Driver{}, onNode(map[string]string{pci + "0300_1002_740f.present": "true"}, map[string]string{"amd.com/gpu": "8"}, nil),
			`pciePassthrough/amd:pciCount={"value":"8"},pciVendorId={"value":"1002"},pciDeviceId={"value":"740f"}`},
		{"GPU resource with none allocatable", k8sgpu.Driver{}, onNode(nil, map[string]string{"nvidia.com/gpu": "0"}, nil), ""},
		{"SR-IOV device named by the onap-hpa label", k8snic.Driver{}, onNode(map[string]string{"physnet.hpa.onap.org/mlx": "phys-2", "pcidevice.hpa.onap.org/mlx": "15b3_1018"}, map[string]string{"intel.com/mlx": "2"}, nil),
			`sriovNICNetwork/mellanox:pciCount={"value":"2"},pciVendorId={"value":"15b3"},pciDeviceId={"value":"1018"},physicalNetwork={"value":"phys-2"}`},
		{"SR-IOV with two NIC models and no label", k8snic.Driver{}, onNode(map[string]string{"physnet.hpa.onap.org/a": "p", pci + "0200_8086_154c.sriov.capable": "true", pci + "0200_15b3_1018.sriov.capable": "true"}, map[string]string{"intel.com/a": "2"}, nil), "bad:node.labels/pcidevice.hpa.onap.org/a"},
		{"SR-IOV count not a quantity", k8snic.Driver{}, onNode(nil, map[string]string{"intel.com/a": "many"}, nil), "bad:node.allocatable/intel.com/a"},
	}
	for _, c := range cases {
		if got := summary(c.driver.Discover(c.req)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func manyFlags(n int) map[string]string {
	labels := map[string]string{}
	for i := 0; i < n; i++ {
		labels["feature.node.kubernetes.io/cpu-cpuid.AVX512FLAG"+string(rune('A'+i%26))+string(rune('A'+i/26))] = "true"
	}
	return labels
}
