// Package protocol is the driver wire protocol, version 1 (docs/protocol.md): its messages, their
// decoding from untrusted lines (checked against the contract's schemas) and their framing.
//
// Decoding goes through the schema-checked generic value, never straight from the bytes into structs:
// encoding/json matches member names case-insensitively, so {"Flavor": ...} next to "flavor" could
// otherwise replace what the schema checked.
package protocol

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/onap/onap-hpa/go/canonjson"
	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/schema"
)

// Version is the protocol version this package speaks.
const Version = hpa.ProtocolVersion

// MaxLine is the longest message line either side may send, newline excluded (1 MiB).
const MaxLine = 1 << 20

// MaxText is the longest text (message, key, value) a worker sends: longer ones are cut.
const MaxText = 1000

// ErrLineTooLong is returned by [Reader.ReadLine] for a line over [MaxLine].
var ErrLineTooLong = errors.New("protocol: a line longer than 1 MiB")

// Reader reads newline-framed messages.
type Reader struct{ r *bufio.Reader }

// NewReader frames r.
func NewReader(r io.Reader) *Reader { return &Reader{bufio.NewReaderSize(r, 64<<10)} }

// ReadLine returns the next line without its newline; io.EOF at a clean end, io.ErrUnexpectedEOF
// for a last line with no newline, ErrLineTooLong past MaxLine.
func (r *Reader) ReadLine() ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.r.ReadSlice('\n')
		if len(line)+len(chunk) > MaxLine+1 {
			return nil, ErrLineTooLong
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) == 0:
			return nil, io.EOF
		case errors.Is(err, io.EOF):
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// Request is one request of a batch: the host's id and the driver's [hpa.Request].
type Request struct {
	ID string
	hpa.Request
	// Problem is why the contract's schema refuses this request (a worker answers it with an error
	// instead of calling its driver), or nil.
	Problem error
}

// AppendJSON writes the request as the host sends it.
func (r *Request) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"id":`...)
	dst = canonjson.AppendString(dst, r.ID)
	dst = append(dst, `,"flavor":`...)
	f := r.Flavor
	obj := canonjson.Pairs("id", f.ID, "name", f.Name, "vcpus", f.VCPUs, "ram", f.RAM, "disk", f.Disk, "ephemeral", f.Ephemeral, "swap", f.Swap, "swap_raw", f.SwapRaw, "is_public", f.IsPublic, "disabled", f.Disabled, "selflink", f.Selflink)
	dst, _ = canonjson.Append(dst, obj)
	dst = append(dst, `,"extra_specs":`...)
	specs := r.ExtraSpecs
	if specs == nil {
		specs = map[string]string{}
	}
	dst, _ = canonjson.Append(dst, specs)
	v := r.Vim
	var extra any
	if v.CloudExtraInfo != nil {
		extra = v.CloudExtraInfo
	}
	var extraErr any
	if v.CloudExtraInfoError != nil {
		extraErr = *v.CloudExtraInfoError
	}
	dst = append(dst, `,"vim":`...)
	dst, _ = canonjson.Append(dst, canonjson.Pairs("cloud_owner", v.CloudOwner, "cloud_region_id", v.CloudRegionID, "vim_type", v.VimType, "version", v.Version, "name", v.Name, "cloud_extra_info", anyJSON{extra}, "cloud_extra_info_error", extraErr))
	if n := r.Node; n != nil {
		node := canonjson.Object{}
		for _, m := range []struct {
			key string
			val map[string]string
		}{{"labels", n.Labels}, {"annotations", n.Annotations}, {"capacity", n.Capacity}, {"allocatable", n.Allocatable}} {
			if m.val != nil {
				node = append(node, canonjson.Member{Key: m.key, Value: m.val})
			}
		}
		if n.Features != nil {
			features := map[string]any{}
			for k, v := range n.Features {
				features[k] = v
			}
			node = append(node, canonjson.Member{Key: "features", Value: features})
		}
		dst = append(dst, `,"node":`...)
		dst, _ = canonjson.Append(dst, node)
	}
	return append(dst, '}')
}

// anyJSON writes parsed JSON of any shape (cloud_extra_info): floats included, via encoding/json.
type anyJSON struct{ v any }

func (a anyJSON) AppendJSON(dst []byte) []byte {
	if out, err := canonjson.Append(nil, a.v); err == nil {
		return append(dst, out...)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a.v); err != nil {
		return append(dst, "null"...)
	}
	return append(dst, bytes.TrimRight(buf.Bytes(), "\n")...)
}

// HostMessage is a decoded host line: exactly one of Hello and Batch is set.
type HostMessage struct {
	Hello *HostHello
	Batch *Batch
}

// HostHello offers protocol versions, newest first.
type HostHello struct{ Protocols []string }

// Batch is one or more requests; DeleteURLs asks for hpa_delete_urls too.
type Batch struct {
	DeleteURLs bool
	Requests   []Request
}

// DecodeHostMessage checks one host line against the protocol schema and decodes it.
func DecodeHostMessage(line []byte) (HostMessage, error) {
	v, err := schema.Decode(line)
	if err != nil {
		return HostMessage{}, fmt.Errorf("not JSON: %w", err)
	}
	shareBatchVim(v)
	if err := schema.HostMessage().Validate(v); err != nil {
		if batch, ok := batchOfSomeBadRequests(v); ok {
			return HostMessage{Batch: batch}, nil
		}
		return HostMessage{}, fmt.Errorf("refused by host-message.schema.json: %w", err)
	}
	m := v.(map[string]any)
	switch m["type"] {
	case "hello":
		return HostMessage{Hello: &HostHello{Protocols: strings(m["protocols"])}}, nil
	default: // "batch": the schema allows nothing else
		b := &Batch{DeleteURLs: m["delete_urls"] == true}
		for _, item := range m["requests"].([]any) {
			b.Requests = append(b.Requests, requestFrom(item.(map[string]any)))
		}
		return HostMessage{Batch: b}, nil
	}
}

// shareBatchVim gives a protocol-2 batch's VIM view to each of its requests that carries none, and takes
// it off the batch: from there on, the batch is read as protocol 1's, where every request has its own.
func shareBatchVim(v any) {
	m, ok := v.(map[string]any)
	if !ok || m["type"] != "batch" {
		return
	}
	vim, shared := m["vim"]
	items, ok := m["requests"].([]any)
	if !shared || !ok {
		return
	}
	for _, item := range items {
		if obj, ok := item.(map[string]any); ok {
			if _, own := obj["vim"]; !own {
				obj["vim"] = vim
			}
		}
	}
	delete(m, "vim")
}

// batchOfSomeBadRequests reads a batch the schema refuses because of some of its requests: each
// request that has an id the worker can answer is checked on its own, so one bad request costs only
// its own answer (Request.Problem), not the worker.
func batchOfSomeBadRequests(v any) (*Batch, bool) {
	m, ok := v.(map[string]any)
	if !ok || m["type"] != "batch" || len(m) > 3 {
		return nil, false
	}
	items, ok := m["requests"].([]any)
	deleteURLs, flag := m["delete_urls"]
	if !ok || len(items) == 0 || flag && deleteURLs != true && deleteURLs != false || len(m) == 3 && !flag {
		return nil, false
	}
	b := &Batch{DeleteURLs: deleteURLs == true}
	for _, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, false
		}
		id, ok := obj["id"].(string)
		if !ok || id == "" || utf8.RuneCountInString(id) > 64 {
			return nil, false
		}
		if err := schema.HostRequest().Validate(obj); err != nil {
			b.Requests = append(b.Requests, Request{ID: id, Problem: err})
			continue
		}
		b.Requests = append(b.Requests, requestFrom(obj))
	}
	return b, true
}

// DecodeRequest checks one request object (a batch's element) and decodes it.
func DecodeRequest(data []byte) (Request, error) {
	msg, err := DecodeHostMessage(append(append([]byte(`{"type":"batch","requests":[`), data...), "]}"...))
	if err != nil {
		return Request{}, err
	}
	if len(msg.Batch.Requests) != 1 {
		return Request{}, errors.New("not one request")
	}
	if r := msg.Batch.Requests[0]; r.Problem != nil {
		return Request{}, fmt.Errorf("refused by host-message.schema.json: %w", r.Problem)
	}
	return msg.Batch.Requests[0], nil
}

func requestFrom(m map[string]any) Request {
	f := m["flavor"].(map[string]any)
	v := m["vim"].(map[string]any)
	r := Request{ID: m["id"].(string)}
	r.Flavor = hpa.Flavor{
		ID: f["id"].(string), Name: f["name"].(string), VCPUs: integer(f["vcpus"]), RAM: integer(f["ram"]),
		Disk: integer(f["disk"]), Ephemeral: integer(f["ephemeral"]), Swap: integer(f["swap"]),
		SwapRaw: f["swap_raw"].(string), IsPublic: f["is_public"].(bool), Disabled: f["disabled"].(bool),
		Selflink: f["selflink"].(string),
	}
	r.ExtraSpecs = stringMap(m["extra_specs"])
	r.Vim = hpa.Vim{
		CloudOwner: v["cloud_owner"].(string), CloudRegionID: v["cloud_region_id"].(string),
		VimType: v["vim_type"].(string), Version: v["version"].(string), Name: v["name"].(string),
	}
	if extra, ok := v["cloud_extra_info"].(map[string]any); ok {
		r.Vim.CloudExtraInfo = extra
	}
	if text, ok := v["cloud_extra_info_error"].(string); ok {
		r.Vim.CloudExtraInfoError = &text
	}
	if node, ok := m["node"].(map[string]any); ok {
		r.Node = &hpa.Node{
			Labels: stringMap(node["labels"]), Annotations: stringMap(node["annotations"]),
			Capacity: stringMap(node["capacity"]), Allocatable: stringMap(node["allocatable"]),
		}
		if features, ok := node["features"].(map[string]any); ok {
			r.Node.Features = map[string]map[string]string{}
			for name, set := range features {
				r.Node.Features[name] = stringMap(set)
			}
		}
	}
	return r
}

// integer reads a schema-checked integer (json.Number within Nova's 32 bits).
func integer(v any) int64 {
	n, _ := strconv.ParseInt(string(v.(json.Number)), 10, 64)
	return n
}

// stringMap keeps the string members of an object (the node part's schema is open: other values are
// not facts a driver can read).
func stringMap(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, item := range m {
		if s, ok := item.(string); ok {
			out[k] = s
		}
	}
	return out
}

func strings(v any) []string {
	var out []string
	for _, item := range v.([]any) {
		out = append(out, item.(string))
	}
	return out
}

// Cut shortens untrusted text to n code points ("..." marks the cut), as the Python worker does.
func Cut(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)
	return string(r[:n-3]) + "..."
}
