// Package schema compiles the contract's JSON Schemas (embedded by the contract module) with
// santhosh-tekuri/jsonschema, a maintained draft 2020-12 validator.
//
// Its regular expressions run on Go's regexp (RE2). For the contract's patterns RE2 and ECMA-262 (what
// JSON Schema specifies, and what the Python host's jsonschema-rs follows) agree: '$' matches only at
// the very end of the text ("v1\n" fails ^v[0-9]{1,3}$, where Python's re.search would let it pass),
// and the patterns use explicit ASCII classes rather than \d, \w or \s, whose meaning differs.
// Lengths count code points. The shared vectors (contract/vectors/schemas.json) pin all of this.
package schema

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/onap/onap-hpa/contract"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator is one compiled contract schema; safe for concurrent use.
type Validator struct {
	path   string
	schema *jsonschema.Schema
}

var (
	compileOnce sync.Once
	compiled    map[string]*Validator
	compileErr  error
)

func compileAll() {
	c := jsonschema.NewCompiler()
	ids := map[string]string{}
	for path, data := range contract.Schemas() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			compileErr = fmt.Errorf("contract %s: %w", path, err)
			return
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if id == "" {
			compileErr = fmt.Errorf("contract %s: no $id", path)
			return
		}
		if err := c.AddResource(id, doc); err != nil {
			compileErr = fmt.Errorf("contract %s: %w", path, err)
			return
		}
		ids[path] = id
	}
	compiled = map[string]*Validator{}
	for path, id := range ids {
		s, err := c.Compile(id)
		if err != nil {
			compileErr = fmt.Errorf("contract %s: %w", path, err)
			return
		}
		compiled[path] = &Validator{path, s}
	}
	// One request of a batch on its own, so that one bad request costs only its own answer.
	path := contract.HostMessageSchemaPath + "#/$defs/request"
	s, err := c.Compile(ids[contract.HostMessageSchemaPath] + "#/$defs/request")
	if err != nil {
		compileErr = fmt.Errorf("contract %s: %w", path, err)
		return
	}
	compiled[path] = &Validator{path, s}
}

// For returns the validator of the contract schema at path (as in contract.FS, e.g.
// contract.HPACapabilitySchemaPath). It panics if the contract does not compile, which the contract's
// own tests rule out.
func For(path string) *Validator {
	compileOnce.Do(compileAll)
	if compileErr != nil {
		panic("schema: " + compileErr.Error())
	}
	v, ok := compiled[path]
	if !ok {
		panic("schema: no contract schema at " + path)
	}
	return v
}

// HPACapability validates one hpa-capability record (with its id).
func HPACapability() *Validator { return For(contract.HPACapabilitySchemaPath) }

// HostMessage validates one protocol line from the host.
func HostMessage() *Validator { return For(contract.HostMessageSchemaPath) }

// WorkerMessage validates one protocol line from a worker.
func WorkerMessage() *Validator { return For(contract.WorkerMessageSchemaPath) }

// HostRequest validates one request of a batch ($defs/request of the host message schema).
func HostRequest() *Validator { return For(contract.HostMessageSchemaPath + "#/$defs/request") }

// Catalogue validates the catalogue; [CatalogueFeature] one feature a driver declares.
func Catalogue() *Validator { return For(contract.CatalogueSchemaPath) }

// Decode parses JSON into the values the validator reads (json.Number for numbers).
func Decode(data []byte) (any, error) {
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

// Validate checks a decoded instance (see [Decode]); the error names the first place that fails.
func (v *Validator) Validate(instance any) error {
	err := v.schema.Validate(instance)
	if err == nil {
		return nil
	}
	return simplify(err)
}

// ValidateJSON decodes and checks data.
func (v *Validator) ValidateJSON(data []byte) error {
	instance, err := Decode(data)
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return v.Validate(instance)
}

// simplify turns the validator's error tree into one line: the deepest first cause, with its place.
func simplify(err error) error {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err
	}
	ve = deepest(ve)
	where := "/" + strings.Join(ve.InstanceLocation, "/")
	if where == "/" {
		where = "result"
	}
	// A leaf's Error() reads "at '<place>': <what>"; keep <what>.
	out := ve.Error()
	if strings.HasPrefix(out, "at '") {
		if i := strings.Index(out, "': "); i >= 0 {
			out = out[i+3:]
		}
	}
	return fmt.Errorf("%s: %s", where, strings.TrimSpace(out))
}

// deepest is the cause that failed furthest into the instance (the first of equals): for a oneOf, the
// branch that matched the message type and failed inside it.
func deepest(ve *jsonschema.ValidationError) *jsonschema.ValidationError {
	best := ve
	for _, cause := range ve.Causes {
		if c := deepest(cause); len(c.InstanceLocation) > len(best.InstanceLocation) || best == ve {
			best = c
		}
	}
	return best
}
