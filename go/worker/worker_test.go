package worker_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
	"github.com/onap/onap-hpa/go/worker"
)

type fake struct {
	discover func(*hpa.Request) ([]hpa.Capability, error)
}

func (fake) Info() hpa.DriverInfo {
	return hpa.DriverInfo{Name: "fake", Version: "1", Features: []string{"numa"}}
}
func (f fake) Discover(r *hpa.Request) ([]hpa.Capability, error) { return f.discover(r) }

func request(id string, specs map[string]string) *protocol.Request {
	r := &protocol.Request{ID: id}
	r.Flavor = hpa.Flavor{ID: "f", Name: "onap.f", VCPUs: 1, RAM: 1, Selflink: "x"}
	r.ExtraSpecs = specs
	r.Vim = hpa.Vim{CloudOwner: "O", CloudRegionID: "R"}
	return r
}

func converse(t *testing.T, d hpa.Driver, lines ...[]byte) ([]protocol.WorkerMessage, int) {
	t.Helper()
	var in bytes.Buffer
	for _, l := range lines {
		in.Write(append(l, '\n'))
	}
	var out bytes.Buffer
	status := worker.ServeStreams(d, &in, &out)
	var msgs []protocol.WorkerMessage
	for _, line := range bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		m, err := protocol.DecodeWorkerMessage(line)
		if err != nil {
			t.Fatalf("worker sent %s: %v", line, err)
		}
		msgs = append(msgs, m)
	}
	return msgs, status
}

func TestOneResultPerRequestInOrderWithPanicsAndBadInputAsData(t *testing.T) {
	d := fake{func(r *hpa.Request) ([]hpa.Capability, error) {
		switch r.ExtraSpecs["k"] {
		case "panic":
			var m map[string]int
			m["x"] = 1 // a nil-map write: a runtime panic
		case "bad":
			good := hpa.NewCapability("numa", "generic", hpa.Attr("numaNodes", "2"))
			return []hpa.Capability{good}, errors.Join(hpa.NewBadInput(r.Flavor.ID, "k", "bad", "a number"))
		case "error":
			return []hpa.Capability{hpa.NewCapability("numa", "generic", hpa.Attr("numaNodes", "2"))}, errors.New("boom")
		}
		return []hpa.Capability{hpa.NewCapability("numa", "generic", hpa.Attr("numaNodes", "1"))}, nil
	}}
	batch := protocol.AppendBatch(nil, []*protocol.Request{
		request("a", map[string]string{"k": "panic"}), request("b", map[string]string{"k": "bad"}),
		request("c", map[string]string{"k": "error"}), request("d", nil),
	}, false)
	msgs, status := converse(t, d, protocol.AppendHostHello(nil), batch)
	if status != 0 || len(msgs) != 5 || msgs[0].Hello == nil {
		t.Fatalf("status %d, %d messages", status, len(msgs))
	}
	if h := msgs[0].Hello; h.Driver.Name != "fake" || h.Driver.Contract != hpa.ContractVersion || h.Protocol != "1" {
		t.Fatalf("hello %+v", h)
	}
	a, b, c, d2 := msgs[1].Result, msgs[2].Result, msgs[3].Result, msgs[4].Result
	if a.ID != "a" || len(a.Records) != 0 || a.Errors[0].Kind != "raised" || !strings.Contains(a.Errors[0].Message, "nil map") {
		t.Errorf("panic: %+v", a)
	}
	if b.ID != "b" || len(b.Records) != 1 || b.Errors[0].Kind != "bad-input" || b.Errors[0].Key != "k" || b.Errors[0].Expected != "a number" {
		t.Errorf("partial: %+v", b)
	}
	if c.ID != "c" || len(c.Records) != 0 || c.Errors[0].Kind != "raised" || c.Errors[0].Message != "boom" {
		t.Errorf("error: %+v", c)
	}
	if d2.ID != "d" || len(d2.Records) != 1 || len(d2.Errors) != 0 || d2.HasDeleteURLs {
		t.Errorf("plain: %+v", d2)
	}
}

func TestRefusesAnotherProtocol(t *testing.T) {
	msgs, status := converse(t, fake{}, []byte(`{"type":"hello","protocols":["2"]}`))
	if status == 0 || len(msgs) != 1 || msgs[0].Fatal == nil || msgs[0].Fatal.Kind != "unsupported-protocol" {
		t.Fatalf("status %d, %+v", status, msgs)
	}
}

func TestGarbageFromTheHostIsAProtocolError(t *testing.T) {
	for _, garbage := range []string{`not json`, `{"type":"batch","requests":[{"flavor":{}}]}`, `{"type":"hello","protocols":["1"]}`} {
		msgs, status := converse(t, fake{}, protocol.AppendHostHello(nil), []byte(garbage))
		if status == 0 || msgs[len(msgs)-1].Fatal == nil || msgs[len(msgs)-1].Fatal.Kind != "protocol-error" {
			t.Errorf("%s: status %d, %+v", garbage, status, msgs)
		}
	}
}

func TestARequestTheSchemaRefusesCostsOnlyItsAnswer(t *testing.T) {
	good := request("b", nil)
	d := fake{func(r *hpa.Request) ([]hpa.Capability, error) {
		return []hpa.Capability{hpa.NewCapability("numa", "generic", hpa.Attr("numaNodes", "1"))}, nil
	}}
	batch := `{"type":"batch","requests":[{"id":"a","flavor":{}},` + string(good.AppendJSON(nil)) + `]}`
	msgs, status := converse(t, d, protocol.AppendHostHello(nil), []byte(batch))
	if status != 0 || len(msgs) != 3 {
		t.Fatalf("status %d, %+v", status, msgs)
	}
	a, b := msgs[1].Result, msgs[2].Result
	if a.ID != "a" || len(a.Errors) != 1 || a.Errors[0].Exception != "ProtocolError" || b.ID != "b" || len(b.Records) != 1 {
		t.Fatalf("%+v %+v", a, b)
	}
}

func TestEOFBeforeHelloIsACleanExit(t *testing.T) {
	if msgs, status := converse(t, fake{}); status != 0 || len(msgs) != 0 {
		t.Fatalf("status %d, %+v", status, msgs)
	}
}

func TestInvalidSelfDescriptionIsLoadFailed(t *testing.T) {
	msgs, _ := converse(t, badName{}, protocol.AppendHostHello(nil))
	if msgs[0].Fatal == nil || msgs[0].Fatal.Kind != "load-failed" || !strings.Contains(msgs[0].Fatal.Message, "Bad_Name") {
		t.Fatalf("%+v", msgs)
	}
}

type badName struct{ fake }

func (badName) Info() hpa.DriverInfo { return hpa.DriverInfo{Name: "Bad_Name", Version: "1"} }
