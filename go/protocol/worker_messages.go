package protocol

import (
	"encoding/json"
	"fmt"

	"github.com/onap/onap-hpa/go/canonjson"
	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/schema"
)

// WorkerMessage is a decoded worker line: exactly one of Hello, Fatal and Result is set.
type WorkerMessage struct {
	Hello  *WorkerHello
	Fatal  *Fatal
	Result *Result
}

// WorkerHello is the worker's answer to the host's hello: the protocol chosen and the driver.
type WorkerHello struct {
	Protocol string
	Driver   hpa.DriverInfo
}

// Fatal ends a worker that cannot serve: load-failed, incompatible, unsupported-protocol or
// protocol-error.
type Fatal struct {
	Kind     string
	Message  string
	Contract string
}

// Result is a worker's answer to one request.
type Result struct {
	ID string
	// Records are the driver's records as the worker sent them (schema-decoded JSON objects); the host
	// checks each on its own.
	Records []any
	Errors  []Error
	// DeleteURLs is set when the worker sent delete_urls.
	DeleteURLs      []string
	HasDeleteURLs   bool
	DeleteURLsError string
}

// Error is one element of a result's errors.
type Error struct {
	Kind      string // bad-input, raised or invalid-output
	Key       string
	Value     string
	Expected  string
	Exception string
	Message   string
}

// DecodeWorkerMessage checks one worker line against the protocol schema and decodes it.
func DecodeWorkerMessage(line []byte) (WorkerMessage, error) {
	v, err := schema.Decode(line)
	if err != nil {
		return WorkerMessage{}, fmt.Errorf("not JSON: %w", err)
	}
	if err := schema.WorkerMessage().Validate(v); err != nil {
		return WorkerMessage{}, fmt.Errorf("refused by worker-message.schema.json: %w", err)
	}
	m := v.(map[string]any)
	switch m["type"] {
	case "hello":
		d := m["driver"].(map[string]any)
		info := hpa.DriverInfo{
			Name: d["name"].(string), Version: d["version"].(string), Contract: d["contract"].(string),
			Features: strings(d["features"]),
		}
		info.Distribution, _ = d["distribution"].(string)
		if reads, ok := d["reads"].([]any); ok {
			info.Reads = strings(reads)
		}
		if hooks, ok := d["hooks"].([]any); ok {
			info.Hooks = strings(hooks)
		}
		if specs, ok := d["feature_specs"].(map[string]any); ok && len(specs) > 0 {
			info.FeatureSpecs = map[string]hpa.RawJSON{}
			for name, spec := range specs {
				raw, err := canonjson.Marshal(spec)
				if err != nil {
					raw, _ = json.Marshal(spec)
				}
				info.FeatureSpecs[name] = raw
			}
		}
		return WorkerMessage{Hello: &WorkerHello{Protocol: m["protocol"].(string), Driver: info}}, nil
	case "fatal":
		f := &Fatal{Kind: m["kind"].(string), Message: m["message"].(string)}
		f.Contract, _ = m["contract"].(string)
		return WorkerMessage{Fatal: f}, nil
	default: // "result"
		r := &Result{ID: m["id"].(string), Records: m["records"].([]any)}
		for _, item := range m["errors"].([]any) {
			e := item.(map[string]any)
			r.Errors = append(r.Errors, Error{
				Kind: str(e["kind"]), Key: str(e["key"]), Value: str(e["value"]), Expected: str(e["expected"]),
				Exception: str(e["exception"]), Message: str(e["message"]),
			})
		}
		if urls, ok := m["delete_urls"].([]any); ok {
			r.HasDeleteURLs = true
			r.DeleteURLs = strings(urls)
		}
		r.DeleteURLsError, _ = m["delete_urls_error"].(string)
		return WorkerMessage{Result: r}, nil
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// AppendHostHello writes the host's hello.
func AppendHostHello(dst []byte) []byte {
	return append(dst, `{"type":"hello","protocols":["`+Version+`"]}`...)
}

// AppendBatch writes a batch message of requests.
func AppendBatch(dst []byte, requests []*Request, deleteURLs bool) []byte {
	if deleteURLs {
		dst = append(dst, `{"type":"batch","delete_urls":true,"requests":[`...)
	} else {
		dst = append(dst, `{"type":"batch","requests":[`...)
	}
	for i, r := range requests {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = r.AppendJSON(dst)
	}
	return append(dst, "]}"...)
}

// AppendWorkerHello writes the worker's hello for a completed self-description.
func AppendWorkerHello(dst []byte, info hpa.DriverInfo) []byte {
	features := info.Features
	if features == nil {
		features = []string{}
	}
	obj := canonjson.Pairs("name", info.Name, "version", info.Version, "contract", info.Contract, "distribution", info.Distribution, "features", features)
	if len(info.FeatureSpecs) > 0 {
		specs := map[string]any{}
		for name, raw := range info.FeatureSpecs {
			specs[name] = rawJSON(raw)
		}
		obj = append(obj, canonjson.Member{Key: "feature_specs", Value: specs})
	}
	reads := info.Reads
	if reads == nil {
		reads = []string{}
	}
	obj = append(obj, canonjson.Member{Key: "reads", Value: reads}, canonjson.Member{Key: "hooks", Value: info.Hooks})
	dst = append(dst, `{"type":"hello","protocol":"`+Version+`","driver":`...)
	dst, _ = canonjson.Append(dst, obj)
	return append(dst, '}')
}

type rawJSON []byte

func (r rawJSON) AppendJSON(dst []byte) []byte { return append(dst, r...) }

// AppendFatal writes a fatal message (message cut to the schema's 4000 characters).
func AppendFatal(dst []byte, kind, message, contract string) []byte {
	obj := canonjson.Pairs("type", "fatal", "kind", kind, "message", Cut(message, 4000))
	if contract != "" {
		obj = append(obj, canonjson.Member{Key: "contract", Value: contract})
	}
	out, _ := canonjson.Append(dst, obj)
	return out
}

// AppendResult writes a result: records built by the driver, its errors (text cut to [MaxText]), and
// delete_urls when urls is not nil.
func AppendResult(dst []byte, id string, records []hpa.Capability, errs []Error, urls []string, urlsError string) []byte {
	dst = append(dst, `{"type":"result","id":`...)
	dst = canonjson.AppendString(dst, id)
	dst = append(dst, `,"records":[`...)
	for i, r := range records {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = r.AppendJSON(dst)
	}
	dst = append(dst, `],"errors":[`...)
	for i, e := range errs {
		if i > 0 {
			dst = append(dst, ',')
		}
		var obj canonjson.Object
		switch e.Kind {
		case "bad-input":
			obj = canonjson.Pairs("kind", e.Kind, "key", Cut(e.Key, MaxText), "value", Cut(e.Value, MaxText), "expected", Cut(e.Expected, MaxText), "message", Cut(e.Message, MaxText))
		case "raised":
			obj = canonjson.Pairs("kind", e.Kind, "exception", Cut(e.Exception, 200), "message", Cut(e.Message, MaxText))
		default:
			obj = canonjson.Pairs("kind", e.Kind, "message", Cut(e.Message, MaxText))
		}
		dst, _ = canonjson.Append(dst, obj)
	}
	dst = append(dst, ']')
	if urls != nil {
		dst = append(dst, `,"delete_urls":`...)
		dst, _ = canonjson.Append(dst, urls)
	}
	if urlsError != "" {
		dst = append(dst, `,"delete_urls_error":`...)
		dst = canonjson.AppendString(dst, Cut(urlsError, MaxText))
	}
	return append(dst, '}')
}
