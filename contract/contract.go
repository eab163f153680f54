// Package contract is onap-hpa's language-neutral contract data, embedded for Go: the AAI
// hpa-capability JSON Schema, the HPA feature catalogue and its schema, and the driver wire
// protocol's message schemas.
//
// The files live once, in the repository's contract/ directory. Python ships the same directory as
// package data (sdk/src/onap_hpa/contract is a symlink to it); Go embeds it from this module, which
// the Go SDK requires. Nothing is copied: editing a schema here changes it for both languages, and
// the shared test vectors (package vectors) keep the two implementations in step.
package contract

import (
	"embed"
	"io/fs"
)

//go:embed catalogue.json schemas/*.json schemas/protocol/*.json
var files embed.FS

// Paths of the contract files inside [FS], as the Python package data names them under
// onap_hpa/contract/.
const (
	HPACapabilitySchemaPath = "schemas/hpa-capability.schema.json"
	CatalogueSchemaPath     = "schemas/catalogue.schema.json"
	CataloguePath           = "catalogue.json"
	HostMessageSchemaPath   = "schemas/protocol/host-message.schema.json"
	WorkerMessageSchemaPath = "schemas/protocol/worker-message.schema.json"
)

// FS is every contract file, read-only, at the paths above.
func FS() fs.FS { return files }

// HPACapabilitySchema is the JSON Schema (2020-12) of one hpa-capability record the host accepts.
func HPACapabilitySchema() []byte { return mustRead(HPACapabilitySchemaPath) }

// Catalogue is the HPA feature catalogue (catalogue.json): every hpa-feature ONAP knows, its
// architecture rule, cardinality and attributes.
func Catalogue() []byte { return mustRead(CataloguePath) }

// CatalogueSchema is the JSON Schema of [Catalogue], and of a feature a driver declares itself
// ($defs/feature).
func CatalogueSchema() []byte { return mustRead(CatalogueSchemaPath) }

// HostMessageSchema is the schema of one protocol line from the host to a driver worker.
func HostMessageSchema() []byte { return mustRead(HostMessageSchemaPath) }

// WorkerMessageSchema is the schema of one protocol line from a driver worker to the host.
func WorkerMessageSchema() []byte { return mustRead(WorkerMessageSchemaPath) }

// Schemas maps each schema's path in [FS] to its bytes: everything a JSON Schema compiler needs to
// resolve the contract's $ids and $refs without a network.
func Schemas() map[string][]byte {
	out := map[string][]byte{}
	paths, _ := fs.Glob(files, "schemas/*.json")
	more, _ := fs.Glob(files, "schemas/protocol/*.json")
	for _, path := range append(paths, more...) {
		out[path] = mustRead(path)
	}
	return out
}

func mustRead(path string) []byte {
	data, err := files.ReadFile(path)
	if err != nil {
		// Unreachable: the path is embedded at build time, and the build fails if it is missing.
		panic("contract: " + err.Error())
	}
	return data
}
