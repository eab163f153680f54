// Package host runs onap-hpa drivers with the Python host's rules (onap_hpa_host.Host): what a Go
// plugin (the MultiCloud Kubernetes plugin) embeds to turn flavors or node profiles into AAI-ready
// HPA capabilities.
//
// Every driver is called on its own, under a deadline; its records are checked against the AAI
// hpa-capability schema, OOF's value rules, the feature catalogue, its declared features and the
// 1500-byte cap; each accepted record gets its stable id (byte for byte the Python host's); two
// drivers emitting a one-per-flavor feature for one flavor both lose it. Whatever a driver does —
// panic, hang, return garbage or too much — costs only that driver's records for that flavor, and
// becomes a [Fault].
//
// Drivers run in process (compiled in: [Host.Add], trusted code, isolated by recover and a deadline)
// or out of process ([Host.AddWorker]: any protocol worker binary, started in a sandbox, killed on its
// deadline, replaced when it dies, quarantined after repeated crashes).
package host

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/onap/onap-hpa/go/canonjson"
	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
	"github.com/onap/onap-hpa/go/schema"
)

// Driver statuses.
const (
	Loaded       = "loaded"
	Failed       = "failed"
	Incompatible = "incompatible"
)

// Options configure a [Host]; the zero value is the Python host's defaults.
type Options struct {
	// Deadline is what one driver may take for one flavor (default 2 s, ONAP_HPA_DRIVER_TIMEOUT's).
	Deadline time.Duration
	// StartupTimeout bounds a worker's start until its hello (default 20 s).
	StartupTimeout time.Duration
	// Strikes is how many crashes, kills and protocol violations quarantine a worker (default 3).
	Strikes int
	// Sandbox is how workers are started.
	Sandbox Sandbox
	// Logger receives faults (driver faults at ERROR the first time per driver and kind) and what
	// workers print (INFO, attribute driver). Default: slog.Default().
	Logger *slog.Logger
	// Scrub is applied to every text a worker sends before it is logged or kept (e.g. to remove the
	// plugin's secrets). Default: none.
	Scrub func(string) string
	// Catalogue is the feature catalogue; default the contract's.
	Catalogue *Catalogue
}

// DriverRecord is what the host knows about one driver, loaded or not.
type DriverRecord struct {
	Info   hpa.DriverInfo
	Source string // "in-process" or the worker's command line
	Status string // loaded, failed, incompatible (and quarantined, for a worker that kept failing)
	Error  string
}

// Host runs drivers. Safe for concurrent use.
type Host struct {
	opts      Options
	catalogue *Catalogue
	log       *slog.Logger
	mu        sync.Mutex
	slots     []*slot
	logged    map[[2]string]bool
}

type slot struct {
	record       DriverRecord
	info         hpa.DriverInfo
	declared     map[string]bool
	featureSpecs map[string]*Feature
	driver       hpa.Driver // in process
	proc         *process   // out of process
	mu           sync.Mutex
	verdicts     map[string]verdict
}

const maxVerdicts = 4096

// New returns a host with no drivers.
func New(opts Options) (*Host, error) {
	if opts.Deadline <= 0 {
		opts.Deadline = 2 * time.Second
	}
	if opts.StartupTimeout <= 0 {
		opts.StartupTimeout = 20 * time.Second
	}
	if opts.Strikes <= 0 {
		opts.Strikes = 3
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Scrub == nil {
		opts.Scrub = func(s string) string { return s }
	}
	c := opts.Catalogue
	if c == nil {
		var err error
		if c, err = ContractCatalogue(); err != nil {
			return nil, err
		}
	}
	schema.HPACapability() // compile the contract's schemas now, not on the first flavor
	return &Host{opts: opts, catalogue: c, log: opts.Logger, logged: map[[2]string]bool{}}, nil
}

// Add registers an in-process driver through the same checks as a worker's self-description.
func (h *Host) Add(d hpa.Driver) DriverRecord {
	info, err := hpa.Complete(d)
	s := &slot{driver: d, record: DriverRecord{Info: info, Source: "in-process", Status: Loaded}}
	if err != nil {
		s.record.Status, s.record.Error = Failed, err.Error()
	}
	return h.add(s, info)
}

// AddRegistered adds every driver compiled into this binary (hpa.Registered), in name order.
func (h *Host) AddRegistered() []DriverRecord {
	var out []DriverRecord
	for _, d := range hpa.Registered() {
		out = append(out, h.Add(d))
	}
	return out
}

func (h *Host) add(s *slot, info hpa.DriverInfo) DriverRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.record.Status == Loaded {
		if !hpa.ContractSupported(info.Contract, hpa.ContractVersion) {
			s.record.Status = Incompatible
			s.record.Error = fmt.Sprintf("it implements contract %s, this host supports %s; install a release of %s built for contract %s",
				info.Contract, hpa.ContractVersion, info.Distribution, hpa.ContractVersion)
		}
	}
	if s.record.Status == Loaded {
		for _, other := range h.slots {
			if other.record.Status == Loaded && other.info.Name == info.Name {
				s.record.Status, s.record.Error = Failed, fmt.Sprintf("another driver named %q is already registered", info.Name)
			}
		}
	}
	if s.record.Status == Loaded {
		if specs, err := h.declare(info); err != nil {
			s.record.Status, s.record.Error = Failed, err.Error()
		} else {
			s.featureSpecs = specs
		}
	}
	s.info = info
	s.declared = map[string]bool{}
	for _, f := range info.Features {
		s.declared[f] = true
	}
	s.verdicts = map[string]verdict{}
	if s.record.Status != Loaded {
		h.log.Error("driver not loaded", "driver", info.Name, "status", s.record.Status, "error", s.record.Error)
	}
	h.slots = append(h.slots, s)
	sort.SliceStable(h.slots, func(i, j int) bool { return h.slots[i].info.Name < h.slots[j].info.Name })
	return s.record
}

// declare compiles a driver's own feature declarations; a catalogued one must not be redeclared
// differently (the catalogue's entry is what counts).
func (h *Host) declare(info hpa.DriverInfo) (map[string]*Feature, error) {
	out := map[string]*Feature{}
	for name, raw := range info.FeatureSpecs {
		entry := raw
		if !strings.Contains(string(raw), `"hpa-feature"`) {
			entry = append([]byte(`{"hpa-feature":`+fmt.Sprintf("%q", name)+`,`), raw[1:]...)
		}
		f, err := CompileFeature(entry)
		if err != nil {
			return nil, fmt.Errorf("its feature_specs: %w", err)
		}
		if f.Name != name {
			return nil, fmt.Errorf("feature declared as %s names hpa-feature %s", pyRepr(name), pyRepr(f.Name))
		}
		if known, ok := h.catalogue.Feature(name); ok {
			f = known
		}
		out[name] = f
	}
	return out, nil
}

// Drivers is every driver added, loaded or not, in the order they are called.
func (h *Host) Drivers() []DriverRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]DriverRecord, len(h.slots))
	for i, s := range h.slots {
		out[i] = s.record
		if s.proc != nil {
			out[i] = s.proc.record()
		}
	}
	return out
}

// Close stops every worker.
func (h *Host) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.slots {
		if s.proc != nil {
			s.proc.close()
		}
	}
}

// outcome is one driver's answer for one flavor before the host's checks.
type outcome struct {
	raw      []any // records as JSON values
	rawBytes []byte
	faults   []Fault
	drop     bool // a driver fault: keep nothing
}

// Discover runs every loaded driver on one flavor.
func (h *Host) Discover(req *hpa.Request) FlavorResult {
	return h.DiscoverAll([]*hpa.Request{req})[0]
}

// DiscoverAll runs every loaded driver on each flavor; workers get the flavors as batches.
func (h *Host) DiscoverAll(reqs []*hpa.Request) []FlavorResult {
	h.mu.Lock()
	slots := append([]*slot(nil), h.slots...)
	h.mu.Unlock()
	results := make([]FlavorResult, len(reqs))
	valid := make([]bool, len(reqs))
	var wire []*protocol.Request
	var index []int
	for i, req := range reqs {
		results[i] = FlavorResult{FlavorID: req.Flavor.ID, Capabilities: map[string][]Record{}}
		if err := CheckRequest(req); err != "" {
			results[i].Faults = []Fault{h.fault(req.Flavor.ID, "host", BadRequest, err)}
			continue
		}
		valid[i] = true
		wire = append(wire, &protocol.Request{ID: fmt.Sprint(len(wire)), Request: *req})
		index = append(index, i)
	}
	// Every driver works through the flavors at once, each on its own (workers are processes; the
	// in-process ones goroutines): the flavors take as long as the slowest driver, not the sum.
	outcomes := make([][]outcome, len(slots)) // per slot, per valid request
	var running sync.WaitGroup
	for k, s := range slots {
		if s.record.Status != Loaded || len(wire) == 0 {
			continue
		}
		running.Add(1)
		go func() {
			defer running.Done()
			if s.proc != nil {
				outcomes[k] = h.runWorker(s, wire)
			} else {
				outcomes[k] = h.runInProcess(s, wire)
			}
		}()
	}
	running.Wait()
	for j, i := range index {
		req := reqs[i]
		res := &results[i]
		ids := hpa.NewFlavorIDs(req.Vim.CloudOwner, req.Vim.CloudRegionID, req.Flavor.ID)
		perDriver := make([][]Record, len(slots))
		for k, s := range slots {
			if s.record.Status != Loaded {
				continue
			}
			o := outcomes[k][j]
			for _, f := range o.faults {
				res.Faults = append(res.Faults, h.fault(req.Flavor.ID, s.info.Name, f.Kind, f.Message))
			}
			if o.drop || len(o.raw) == 0 && len(o.rawBytes) <= 2 {
				res.Capabilities[s.info.Name] = []Record{}
				continue
			}
			v := h.verdictOf(s, o)
			if v.problem != nil {
				res.Faults = append(res.Faults, h.fault(req.Flavor.ID, s.info.Name, v.problem.kind, v.problem.reason))
				res.Capabilities[s.info.Name] = []Record{}
				continue
			}
			idList := ids.IDs(s.info.Name, v.features)
			recs := make([]Record, len(v.records))
			for n, view := range v.records {
				recs[n] = Record{idList[n], view.feature, view.architecture, view.version, view.attributes}
			}
			perDriver[k] = recs
		}
		for _, f := range h.conflicts(slots, perDriver) {
			res.Faults = append(res.Faults, h.fault(req.Flavor.ID, f.Driver, f.Kind, f.Message))
		}
		all := []Record{}
		for k, s := range slots {
			if s.record.Status != Loaded {
				continue
			}
			if perDriver[k] != nil {
				res.Capabilities[s.info.Name] = perDriver[k]
				all = append(all, perDriver[k]...)
			} else if _, ok := res.Capabilities[s.info.Name]; !ok {
				res.Capabilities[s.info.Name] = []Record{}
			}
		}
		res.Record = &FlavorRecord{Flavor: req.Flavor, Capabilities: all}
		res.FlavorURL = hpa.FlavorURL(req.Vim.CloudOwner, req.Vim.CloudRegionID, req.Flavor.ID)
	}
	_ = valid
	return results
}

// verdictOf judges an outcome's records once per distinct output (drivers repeat outputs across flavors).
func (h *Host) verdictOf(s *slot, o outcome) verdict {
	key := o.rawBytes
	if key == nil {
		var err error
		if key, err = canonjson.Marshal(o.raw); err != nil {
			return verdict{problem: &problem{InvalidOutput, "records that are not JSON data: " + err.Error()}}
		}
	}
	s.mu.Lock()
	v, ok := s.verdicts[string(key)]
	s.mu.Unlock()
	if ok {
		return v
	}
	raw := o.raw
	if raw == nil {
		decoded, err := schema.Decode(key)
		if err != nil {
			return verdict{problem: &problem{InvalidOutput, "records that are not JSON: " + err.Error()}}
		}
		raw, _ = decoded.([]any)
	}
	v = h.judge(s, raw)
	s.mu.Lock()
	if len(s.verdicts) >= maxVerdicts {
		clear(s.verdicts)
	}
	s.verdicts[string(key)] = v
	s.mu.Unlock()
	return v
}

// runInProcess runs a compiled-in driver on each request in turn, in a goroutine of its own, under
// recover and the deadline of each request. A driver past its deadline is left behind (Go cannot stop
// a goroutine) and the rest goes on in a new goroutine: in-process drivers are trusted code; run
// untrusted ones as workers.
func (h *Host) runInProcess(s *slot, reqs []*protocol.Request) []outcome {
	out := make([]outcome, len(reqs))
	timer := time.NewTimer(h.opts.Deadline)
	defer timer.Stop()
	next := 0
	for next < len(reqs) {
		answers := make(chan answer, len(reqs)-next)
		go func(from int) {
			for j := from; j < len(reqs); j++ {
				answers <- s.call(&reqs[j].Request)
			}
		}(next)
		for ; next < len(reqs); next++ {
			stopTimer(timer)
			timer.Reset(h.opts.Deadline)
			start := time.Now()
			select {
			case a := <-answers:
				out[next] = a.outcome()
				continue
			case <-timer.C:
				out[next] = outcome{drop: true, faults: []Fault{{Kind: Timeout, Message: fmt.Sprintf(
					"hpa_discover ran %.3f s, past the %g s deadline", time.Since(start).Seconds(), h.opts.Deadline.Seconds())}}}
			}
			next++
			break // the goroutine is stuck in the driver: a new one takes the rest
		}
	}
	return out
}

func stopTimer(t *time.Timer) {
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
}

// answer is what a compiled-in driver did with one request.
type answer struct {
	records  []hpa.Capability
	err      error
	panic    any
	panicked bool
}

// call runs the driver once; a panic is an answer too.
func (s *slot) call(req *hpa.Request) (a answer) {
	defer func() {
		if p := recover(); p != nil {
			a = answer{panic: p, panicked: true}
		}
	}()
	records, err := s.driver.Discover(cloneRequest(req))
	return answer{records: records, err: err}
}

func (a answer) outcome() outcome {
	if a.panicked {
		return outcome{drop: true, faults: []Fault{{Kind: Raised, Message: fmt.Sprintf("hpa_discover panicked: %v", a.panic)}}}
	}
	var o outcome
	bad, other := hpa.Problems(a.err)
	for _, b := range bad {
		o.faults = append(o.faults, Fault{Kind: BadInput, Message: b.Error()})
	}
	for _, e := range other {
		o.faults = append(o.faults, Fault{Kind: Raised, Message: fmt.Sprintf("hpa_discover raised %T: %v", e, e)})
	}
	if len(other) > 0 {
		o.drop = true
		return o
	}
	buf := []byte{'['}
	for i, r := range a.records {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = r.AppendJSON(buf)
	}
	o.rawBytes = append(buf, ']')
	return o
}

// cloneRequest gives a driver its own copy: nothing it changes reaches another driver.
func cloneRequest(r *hpa.Request) *hpa.Request {
	c := *r
	c.ExtraSpecs = cloneMap(r.ExtraSpecs)
	if r.Vim.CloudExtraInfo != nil {
		c.Vim.CloudExtraInfo = deepClone(r.Vim.CloudExtraInfo).(map[string]any)
	}
	if r.Node != nil {
		n := *r.Node
		n.Labels, n.Annotations = cloneMap(n.Labels), cloneMap(n.Annotations)
		n.Capacity, n.Allocatable = cloneMap(n.Capacity), cloneMap(n.Allocatable)
		if n.Features != nil {
			n.Features = make(map[string]map[string]string, len(r.Node.Features))
			for k, v := range r.Node.Features {
				n.Features[k] = cloneMap(v)
			}
		}
		c.Node = &n
	}
	return &c
}

// cloneMap copies m; an empty map becomes nil (reading it is the same, writing to it panics in the
// driver rather than reaching another driver).
func cloneMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

func deepClone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = deepClone(item)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = deepClone(item)
		}
		return out
	}
	return v
}

// conflicts drops, for each one-per-flavor feature two or more drivers emit for the flavor, that
// feature's records from every driver involved, and returns one conflict fault per driver.
func (h *Host) conflicts(slots []*slot, perDriver [][]Record) []Fault {
	first := map[string]int{}
	clashes := map[string][]int{}
	var order []string
	for k, recs := range perDriver {
		for _, r := range recs {
			if !h.onePerFlavor(slots, r.Feature) {
				continue
			}
			owner, seen := first[r.Feature]
			if !seen {
				first[r.Feature] = k
				continue
			}
			if owner != k {
				if _, ok := clashes[r.Feature]; !ok {
					clashes[r.Feature] = []int{owner}
					order = append(order, r.Feature)
				}
				if !containsInt(clashes[r.Feature], k) {
					clashes[r.Feature] = append(clashes[r.Feature], k)
				}
			}
		}
	}
	var faults []Fault
	for _, feature := range order {
		drivers := clashes[feature]
		quoted := make([]string, len(drivers))
		for i, k := range drivers {
			quoted[i] = pyRepr(slots[k].info.Name)
			kept := perDriver[k][:0:0]
			for _, r := range perDriver[k] {
				if r.Feature != feature {
					kept = append(kept, r)
				}
			}
			perDriver[k] = kept
		}
		every := "all"
		if len(drivers) == 2 {
			every = "both"
		}
		listed := strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
		reason := fmt.Sprintf("%s is one per flavor, but drivers %s %s emit it for this flavor; AAI and OOF cannot tell which is right, so no %s record of these drivers is kept for it",
			feature, listed, every, feature)
		for _, k := range drivers {
			faults = append(faults, Fault{Driver: slots[k].info.Name, Kind: Conflict, Message: reason})
		}
	}
	return faults
}

func (h *Host) onePerFlavor(slots []*slot, feature string) bool {
	if f, ok := h.catalogue.Feature(feature); ok {
		return f.Cardinality == "one"
	}
	for _, s := range slots {
		if f, ok := s.featureSpecs[feature]; ok && f.Cardinality == "one" {
			return true
		}
	}
	return false
}

func containsInt(list []int, n int) bool {
	for _, item := range list {
		if item == n {
			return true
		}
	}
	return false
}

// fault records a fault and logs it: bad data at INFO, the first driver fault of each kind per
// driver at ERROR, the rest at DEBUG.
func (h *Host) fault(flavorID, driver, kind, message string) Fault {
	f := Fault{FlavorID: flavorID, Driver: driver, Kind: kind, Message: message}
	level := slog.LevelInfo
	if f.Alarming() {
		h.mu.Lock()
		first := !h.logged[[2]string{driver, kind}]
		h.logged[[2]string{driver, kind}] = true
		h.mu.Unlock()
		level = slog.LevelDebug
		if first {
			level = slog.LevelError
		}
	}
	if h.log.Enabled(context.Background(), level) {
		h.log.Log(context.Background(), level, message, "driver", driver, "flavor", flavorID, "kind", kind)
	}
	return f
}

// maxKey is Nova's flavor id column; AAI keys have no limit of their own.
const maxKey = 255

var unsafeKey = regexp.MustCompile("[\x00-\x1f\u007f-\u009f]")

// CheckRequest is why a request cannot be discovered (a bad-request fault), or "": the checks the
// Python host applies when it builds a DiscoveryRequest.
func CheckRequest(r *hpa.Request) string {
	switch {
	case r.Flavor.ID == "":
		return "request field 'flavor.id' is empty; expected a non-empty string"
	case utf8.RuneCountInString(r.Flavor.ID) > maxKey:
		return fmt.Sprintf("request field 'flavor.id' is %d characters long, more than Nova's %d", utf8.RuneCountInString(r.Flavor.ID), maxKey)
	case unsafeKey.MatchString(r.Flavor.ID):
		return "request field 'flavor.id' holds a control character; expected text"
	case !utf8.ValidString(r.Flavor.ID):
		return "request field 'flavor.id' is not UTF-8 text"
	case r.Vim.CloudOwner == "" || r.Vim.CloudRegionID == "":
		return "request field 'vim.cloud_owner'/'vim.cloud_region_id' is empty; expected non-empty strings"
	}
	for name, size := range map[string]int64{"vcpus": r.Flavor.VCPUs, "ram": r.Flavor.RAM, "disk": r.Flavor.Disk,
		"ephemeral": r.Flavor.Ephemeral, "swap": r.Flavor.Swap} {
		if size < 0 || size > 1<<31-1 {
			return fmt.Sprintf("request field 'flavor.%s' = %d is invalid; expected an integer from 0 to 2147483647 (as Nova stores it)", name, size)
		}
	}
	return ""
}
