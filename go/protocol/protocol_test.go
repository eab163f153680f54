package protocol_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
)

func sample() *protocol.Request {
	r := &protocol.Request{ID: "7"}
	r.Flavor = hpa.Flavor{ID: "onap.large", Name: "onap.large", VCPUs: 8, RAM: 16384, Disk: 40, IsPublic: true, Selflink: "http://0.0.0.0"}
	r.ExtraSpecs = map[string]string{"hw:cpu_policy": "dedicated", "aggregate_instance_extra_specs:sriov_nic": "sriov-nic-intel-8086-154C-physnet-1:2"}
	problem := "is not valid JSON"
	r.Vim = hpa.Vim{CloudOwner: "CloudOwner", CloudRegionID: "RegionOne", VimType: "openstack", CloudExtraInfoError: &problem}
	return r
}

func TestRequestRoundTrip(t *testing.T) {
	r := sample()
	r.Node = &hpa.Node{Labels: map[string]string{"feature.node.kubernetes.io/memory-numa": "true"},
		Allocatable: map[string]string{"cpu": "4"}, Features: map[string]map[string]string{"memory.numa": {"node_count": "2"}}}
	got, err := protocol.DecodeRequest(r.AppendJSON(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, r) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, *r)
	}
}

func TestCaseVariantMembersCannotOverrideCheckedOnes(t *testing.T) {
	line := []byte(`{"id":"1","flavor":{"id":"f","name":"onap.f","vcpus":1,"ram":1,"disk":0,"ephemeral":0,"swap":0,"swap_raw":"","is_public":true,"disabled":false,"selflink":"x"},"Flavor":{"id":"EVIL"},"extra_specs":{},"vim":{"cloud_owner":"O","cloud_region_id":"R","vim_type":"","version":"","name":"","cloud_extra_info":null,"cloud_extra_info_error":null}}`)
	got, err := protocol.DecodeRequest(line)
	if err != nil || got.Flavor.ID != "f" {
		t.Fatalf("%v %+v", err, got.Flavor)
	}
}

// A protocol-2 batch carries the VIM view its requests share: a request without one gets the batch's, a
// request with its own keeps it, and a request without one in a batch without one is refused alone.
func TestBatchVimIsEveryRequestsThatHasNone(t *testing.T) {
	flavor := `"flavor":{"id":"f","name":"onap.f","vcpus":1,"ram":1,"disk":0,"ephemeral":0,"swap":0,"swap_raw":"","is_public":true,"disabled":false,"selflink":"x"},"extra_specs":{}`
	vim := func(owner string) string {
		return `{"cloud_owner":"` + owner + `","cloud_region_id":"R","vim_type":"","version":"","name":"","cloud_extra_info":{"k":"v"},"cloud_extra_info_error":null}`
	}
	line := `{"type":"batch","vim":` + vim("Shared") + `,"requests":[{"id":"1",` + flavor + `},{"id":"2",` + flavor + `,"vim":` + vim("Own") + `}]}`
	msg, err := protocol.DecodeHostMessage([]byte(line))
	if err != nil || msg.Batch == nil || len(msg.Batch.Requests) != 2 {
		t.Fatalf("%v %+v", err, msg)
	}
	if got := msg.Batch.Requests[0].Vim; got.CloudOwner != "Shared" || got.CloudExtraInfo["k"] != "v" {
		t.Fatalf("request 1 has %+v", got)
	}
	if got := msg.Batch.Requests[1].Vim.CloudOwner; got != "Own" {
		t.Fatalf("request 2 has owner %q", got)
	}
	msg, err = protocol.DecodeHostMessage([]byte(`{"type":"batch","requests":[{"id":"1",` + flavor + `}]}`))
	if err != nil || msg.Batch == nil || len(msg.Batch.Requests) != 1 || msg.Batch.Requests[0].Problem == nil {
		t.Fatalf("a request without any VIM view: %v %+v", err, msg)
	}
}

func TestReaderFramesLines(t *testing.T) {
	long := strings.Repeat("x", protocol.MaxLine+1)
	r := protocol.NewReader(strings.NewReader("a\n" + strings.Repeat("y", protocol.MaxLine) + "\n" + long + "\n"))
	if line, err := r.ReadLine(); err != nil || string(line) != "a" {
		t.Fatal(line, err)
	}
	if line, err := r.ReadLine(); err != nil || len(line) != protocol.MaxLine {
		t.Fatal(len(line), err)
	}
	if _, err := r.ReadLine(); !errors.Is(err, protocol.ErrLineTooLong) {
		t.Fatal(err)
	}
	r = protocol.NewReader(strings.NewReader("tail"))
	if _, err := r.ReadLine(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatal(err)
	}
}

// FuzzDecodeRequest: whatever the bytes, decoding never panics, and what it accepts is a request the
// contract allows that survives a round trip unchanged.
func FuzzDecodeRequest(f *testing.F) {
	f.Add(sample().AppendJSON(nil))
	withNode := sample()
	withNode.Node = &hpa.Node{Labels: map[string]string{"a": "b"}, Features: map[string]map[string]string{"x.y": {"z": "1"}}}
	f.Add(withNode.AppendJSON(nil))
	f.Add([]byte(`{"id":"1"}`))
	f.Add([]byte(`{"id":"1","flavor":{"id":"é","name":"","vcpus":2147483647,"ram":0,"disk":0,"ephemeral":0,"swap":0,"swap_raw":"","is_public":false,"disabled":true,"selflink":""},"extra_specs":{"k\u2028":"v\u0000"},"vim":{"cloud_owner":"O","cloud_region_id":"R","vim_type":"","version":"","name":"","cloud_extra_info":{"a":[1,2.5,null]},"cloud_extra_info_error":null},"node":{"labels":{"x":1}}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := protocol.DecodeRequest(data)
		if err != nil {
			return
		}
		if r.ID == "" || utf8.RuneCountInString(r.ID) > 64 || r.Vim.CloudOwner == "" || r.Flavor.ID == "" {
			t.Fatalf("accepted a request the schema refuses: %+v", r)
		}
		for _, size := range []int64{r.Flavor.VCPUs, r.Flavor.RAM, r.Flavor.Disk, r.Flavor.Ephemeral, r.Flavor.Swap} {
			if size < 0 || size > 1<<31-1 {
				t.Fatalf("size %d outside Nova's 32 bits", size)
			}
		}
		for k, v := range r.ExtraSpecs {
			if utf8.RuneCountInString(k) > 255 || utf8.RuneCountInString(v) > 255 {
				t.Fatalf("extra_spec over 255 characters")
			}
		}
		again, err := protocol.DecodeRequest(r.AppendJSON(nil))
		if err != nil {
			t.Fatalf("re-encoded request refused: %v", err)
		}
		if !bytes.Equal(again.AppendJSON(nil), r.AppendJSON(nil)) {
			t.Fatalf("round trip changed the request")
		}
	})
}
