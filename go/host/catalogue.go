package host

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onap/onap-hpa/contract"
)

// Catalogue is the HPA feature catalogue compiled for checking records: the Go twin of
// onap_hpa_host.catalogue, same verdicts on the same records.
type Catalogue struct {
	Version  string
	features map[string]*Feature
}

// Feature is one catalogued (or driver-declared) hpa-feature: what every record of it must hold.
type Feature struct {
	Name          string
	Version       string
	Cardinality   string // "one" per flavor or "many"
	Attributes    []*AttributeSpec
	Architecture  string // fixed architecture, or "" with ArchPattern for the vendor rule
	ArchPattern   *regexp.Regexp
	archExpected  string
	MaxAttributes int // 0: no limit
	byKey         map[string]*AttributeSpec
	families      []*AttributeSpec
	requiredKeys  []string
}

// AttributeSpec is one attribute key (or key family) of a feature and what its value holds.
type AttributeSpec struct {
	Name       string
	Required   bool
	Type       string // "integer" (canonical digits) or "string"
	Units      []string
	Key        string
	KeyPattern *regexp.Regexp
	Minimum    *int64
	Enum       []string
	Pattern    *regexp.Regexp
	MinLength  int
	MaxLength  int // -1: none
	expected   string
}

var (
	canonicalInteger = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)
	aaiKey           = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
	featureName      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,63}$`)
	versionRE        = regexp.MustCompile(`^v[0-9]{1,3}$`)
	architectureRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	oofUnits         = []string{"KB", "MB", "GB"}
)

// ContractCatalogue compiles the catalogue the contract module embeds.
func ContractCatalogue() (*Catalogue, error) { return ParseCatalogue(contract.Catalogue()) }

// ParseCatalogue compiles a catalogue document (catalogue.json's format).
func ParseCatalogue(data []byte) (*Catalogue, error) {
	var doc struct {
		Version  string            `json:"catalogue-version"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	c := &Catalogue{Version: doc.Version, features: map[string]*Feature{}}
	for _, raw := range doc.Features {
		f, err := CompileFeature(raw)
		if err != nil {
			return nil, err
		}
		if _, dup := c.features[f.Name]; dup {
			return nil, fmt.Errorf("the catalogue lists feature %s twice", pyRepr(f.Name))
		}
		c.features[f.Name] = f
	}
	return c, nil
}

// Feature returns the catalogued feature called name.
func (c *Catalogue) Feature(name string) (*Feature, bool) {
	f, ok := c.features[name]
	return f, ok
}

// Names lists the catalogued features, sorted.
func (c *Catalogue) Names() []string {
	out := make([]string, 0, len(c.features))
	for name := range c.features {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// CompileFeature compiles one catalogue entry, or a driver's declaration of the same shape.
func CompileFeature(raw []byte) (*Feature, error) {
	var e map[string]any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("feature declaration: %w", err)
	}
	name, _ := e["hpa-feature"].(string)
	if !featureName.MatchString(name) {
		return nil, fmt.Errorf("hpa-feature %s; expected a name matching %s", show(e["hpa-feature"]), featureName)
	}
	where := "feature " + pyRepr(name)
	f := &Feature{Name: name, byKey: map[string]*AttributeSpec{}}
	if f.Version, _ = e["hpa-version"].(string); !versionRE.MatchString(f.Version) {
		return nil, fmt.Errorf("%s hpa-version %s; expected v<digits> such as 'v1'", where, show(e["hpa-version"]))
	}
	if f.Cardinality, _ = e["cardinality"].(string); f.Cardinality != "one" && f.Cardinality != "many" {
		return nil, fmt.Errorf("%s cardinality %s; expected 'one' (per flavor) or 'many'", where, show(e["cardinality"]))
	}
	rule, _ := e["architecture"].(map[string]any)
	switch rule["rule"] {
	case "fixed":
		value, _ := rule["value"].(string)
		if !architectureRE.MatchString(value) {
			return nil, fmt.Errorf("%s architecture value %s; expected a name matching %s", where, show(rule["value"]), architectureRE)
		}
		f.Architecture, f.archExpected = value, pyRepr(value)
	case "vendor":
		re, err := compileRegex(where+" architecture pattern", rule["pattern"])
		if err != nil {
			return nil, err
		}
		f.ArchPattern = re
		if said, _ := rule["description"].(string); said != "" {
			f.archExpected = said + " (" + re.String() + ")"
		} else {
			f.archExpected = "a name matching " + re.String()
		}
	default:
		return nil, fmt.Errorf("%s architecture %s; expected a rule: {'rule': 'fixed' or 'vendor', ...}", where, show(e["architecture"]))
	}
	if m, ok := e["max-attributes"]; ok {
		n, ok := intValue(m)
		if !ok || n < 1 {
			return nil, fmt.Errorf("%s max-attributes %s; expected an integer >= 1", where, show(m))
		}
		f.MaxAttributes = int(n)
	}
	attrs, _ := e["attributes"].([]any)
	if len(attrs) == 0 {
		return nil, fmt.Errorf("%s attributes %s; expected a non-empty list of attribute keys", where, show(e["attributes"]))
	}
	for i, item := range attrs {
		spec, err := compileAttribute(fmt.Sprintf("%s attribute %d", where, i), item)
		if err != nil {
			return nil, err
		}
		f.Attributes = append(f.Attributes, spec)
		switch {
		case spec.Key != "":
			if _, dup := f.byKey[spec.Key]; dup {
				return nil, fmt.Errorf("%s lists attribute key %s twice", where, pyRepr(spec.Key))
			}
			f.byKey[spec.Key] = spec
		default:
			f.families = append(f.families, spec)
		}
		if spec.Required {
			f.requiredKeys = append(f.requiredKeys, spec.Name)
		}
	}
	return f, nil
}

func compileRegex(where string, v any) (*regexp.Regexp, error) {
	text, ok := v.(string)
	if !ok || !strings.HasPrefix(text, "^") || !strings.HasSuffix(text, "$") {
		return nil, fmt.Errorf("%s %s is not a regular expression written ^...$", where, show(v))
	}
	re, err := regexp.Compile(text)
	if err != nil {
		return nil, fmt.Errorf("%s %s does not compile: %v", where, pyRepr(text), err)
	}
	return re, nil
}

func intValue(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	return i, err == nil
}

func compileAttribute(where string, item any) (*AttributeSpec, error) {
	e, ok := item.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is %s; expected an object", where, show(item))
	}
	s := &AttributeSpec{MaxLength: -1}
	if key, ok := e["key"]; ok {
		if _, both := e["key-pattern"]; both {
			return nil, fmt.Errorf("%s has both key and key-pattern/name; expected one key or one key family", where)
		}
		s.Key, _ = key.(string)
		if !aaiKey.MatchString(s.Key) {
			return nil, fmt.Errorf("%s key %s; expected an AAI hpa-attribute-key (%s)", where, show(key), aaiKey)
		}
		s.Name = s.Key
	} else {
		re, err := compileRegex(where+" key-pattern", e["key-pattern"])
		if err != nil {
			return nil, err
		}
		s.KeyPattern = re
		if s.Name, _ = e["name"].(string); s.Name == "" {
			return nil, fmt.Errorf("%s has a key-pattern without a name (how people see the key family)", where)
		}
		if e["required"] == true {
			return nil, fmt.Errorf("%s (%s) is a key family; a key-pattern is never required", where, s.Name)
		}
	}
	where = where + " (" + s.Name + ")"
	if s.Type, _ = e["type"].(string); s.Type != "integer" && s.Type != "string" {
		return nil, fmt.Errorf("%s type %s; expected one of ['integer', 'string']", where, show(e["type"]))
	}
	required, ok := e["required"].(bool)
	if !ok {
		return nil, fmt.Errorf("%s required %s; expected true or false", where, show(e["required"]))
	}
	s.Required = required
	if units, ok := e["units"].([]any); ok {
		for _, u := range units {
			unit, _ := u.(string)
			if !contains(oofUnits, unit) || contains(s.Units, unit) {
				return nil, fmt.Errorf("%s units %s; expected distinct units among ['KB', 'MB', 'GB'] (OOF converts those)", where, show(e["units"]))
			}
			s.Units = append(s.Units, unit)
		}
	}
	if m, ok := e["minimum"]; ok {
		n, ok := intValue(m)
		if !ok || n < 0 {
			return nil, fmt.Errorf("%s minimum %s; expected an integer >= 0", where, show(m))
		}
		s.Minimum = &n
	}
	if enum, ok := e["enum"].([]any); ok {
		for _, item := range enum {
			text, _ := item.(string)
			s.Enum = append(s.Enum, text)
		}
	}
	if p, ok := e["pattern"]; ok {
		re, err := compileRegex(where+" pattern", p)
		if err != nil {
			return nil, err
		}
		s.Pattern = re
	}
	if n, ok := intValue(e["minLength"]); ok {
		s.MinLength = int(n)
	}
	if n, ok := intValue(e["maxLength"]); ok {
		s.MaxLength = int(n)
	}
	s.expected = expectedText(e, s)
	return s, nil
}

func expectedText(e map[string]any, s *AttributeSpec) string {
	format, _ := e["format"].(string)
	if s.Type == "integer" {
		if format != "" {
			return format
		}
		bound := ""
		if s.Minimum != nil && *s.Minimum != 0 {
			bound = fmt.Sprintf(" >= %d", *s.Minimum)
		}
		return `an integer` + bound + ` in canonical decimal digits (e.g. "4")`
	}
	if len(s.Enum) > 0 {
		return "one of " + names(s.Enum)
	}
	said := "a string"
	switch {
	case format != "":
		said = format
	case s.Pattern != nil:
		said = "a string matching " + s.Pattern.String()
	}
	switch {
	case s.MaxLength >= 0:
		said += fmt.Sprintf(", %d to %d characters", s.MinLength, s.MaxLength)
	case s.MinLength > 0:
		said += fmt.Sprintf(", at least %d characters", s.MinLength)
	}
	return said
}

// valueProblem is why an hpa-attribute-value is wrong for this key, or "".
func (s *AttributeSpec) valueProblem(text string) string {
	var decoded any
	if err := json.Unmarshal([]byte(text), &decoded); err != nil {
		return fmt.Sprintf("has hpa-attribute-value %s, not JSON; expected a JSON object as a string", show(text))
	}
	obj, ok := decoded.(map[string]any)
	if !ok {
		return fmt.Sprintf("has hpa-attribute-value %s; expected a JSON object (OOF raises on anything else)", show(text))
	}
	value, ok := obj["value"].(string)
	if !ok {
		return fmt.Sprintf(`has "value" %s; expected a JSON string (OOF raises on anything else)`, show(obj["value"]))
	}
	unit := obj["unit"]
	if len(s.Units) > 0 {
		if unit == nil {
			return fmt.Sprintf("has value %s without a unit; expected a unit, one of %s (OOF compares a size without a unit as a raw number)", show(value), names(s.Units))
		}
		if u, ok := unit.(string); !ok || !contains(s.Units, u) {
			return fmt.Sprintf("has unit %s; expected one of %s", show(unit), names(s.Units))
		}
	} else if unit != nil {
		return fmt.Sprintf("has unit %s; expected no unit", show(unit))
	}
	if s.valueOK(value) {
		return ""
	}
	length := ""
	if n := utf8.RuneCountInString(value); n > shown {
		length = fmt.Sprintf(" (%d characters)", n)
	}
	return fmt.Sprintf("has value %s%s; expected %s", show(value), length, s.expected)
}

func (s *AttributeSpec) valueOK(value string) bool {
	if s.Type == "integer" {
		if !canonicalInteger.MatchString(value) {
			return false
		}
		if s.Minimum == nil {
			return true
		}
		n, err := strconv.ParseInt(value, 10, 64)
		return err != nil || n >= *s.Minimum // a number past int64 is past any minimum
	}
	n := utf8.RuneCountInString(value)
	return (len(s.Enum) == 0 || contains(s.Enum, value)) && s.MinLength <= n &&
		(s.MaxLength < 0 || n <= s.MaxLength) && (s.Pattern == nil || s.Pattern.MatchString(value))
}

// problem is why record (schema-valid) is not a valid record of f, or "".
func (f *Feature) problem(r *recordView) string {
	if r.version != f.Version {
		return fmt.Sprintf("hpa-version %s; expected %s (OOF matches it exactly)", show(r.version), pyRepr(f.Version))
	}
	if f.ArchPattern == nil && r.architecture != f.Architecture {
		return fmt.Sprintf("architecture %s; expected %s (OOF matches it exactly, case-sensitive)", show(r.architecture), pyRepr(f.Architecture))
	}
	if f.ArchPattern != nil && !f.ArchPattern.MatchString(r.architecture) {
		return fmt.Sprintf("architecture %s; expected %s", show(r.architecture), f.archExpected)
	}
	if len(r.attributes) == 0 {
		return "has no attributes; expected keys " + names(f.keyNames())
	}
	if f.MaxAttributes > 0 && len(r.attributes) > f.MaxAttributes {
		return fmt.Sprintf("has %d attributes; expected at most %d", len(r.attributes), f.MaxAttributes)
	}
	seen := map[string]bool{}
	for _, a := range r.attributes {
		spec, problem := f.resolve(a.Key)
		if problem != "" {
			return problem
		}
		if verdict := spec.valueProblem(a.Value); verdict != "" {
			return fmt.Sprintf("attribute %s %s", pyRepr(a.Key), verdict)
		}
		seen[a.Key] = true
	}
	for _, key := range f.requiredKeys {
		if !seen[key] {
			return fmt.Sprintf("attribute key %s is required but missing; expected keys %s (required: %s; OOF raises when a policy names a key a record lacks)",
				pyRepr(key), names(f.keyNames()), names(f.requiredKeys))
		}
	}
	return ""
}

func (f *Feature) keyNames() []string {
	out := make([]string, len(f.Attributes))
	for i, s := range f.Attributes {
		out[i] = s.Name
	}
	return out
}

func (f *Feature) resolve(key string) (*AttributeSpec, string) {
	if spec, ok := f.byKey[key]; ok {
		return spec, ""
	}
	exact := make([]string, 0, len(f.byKey))
	for _, s := range f.Attributes {
		if s.Key != "" {
			exact = append(exact, s.Key)
		}
	}
	var family *AttributeSpec
	for _, s := range f.families {
		if s.KeyPattern.MatchString(key) {
			family = s
			break
		}
	}
	near := nearMiss(key, exact)
	switch {
	case family != nil && near == "":
		return family, ""
	case family != nil:
		return nil, fmt.Sprintf("attribute key %s is a near miss of %s; expected %s exactly (OOF matches attribute keys exactly, case-sensitive)",
			pyRepr(key), pyRepr(near), pyRepr(near))
	}
	close := near
	if close == "" {
		var plain []string
		for _, n := range f.keyNames() {
			if !strings.Contains(n, "<") {
				plain = append(plain, n)
			}
		}
		close = closeMatch(key, plain, 0.6)
	}
	hint := "expected one of those (OOF never matches any other key)"
	if close != "" {
		hint = "expected " + pyRepr(close) + " (OOF matches attribute keys exactly, case-sensitive)"
	}
	return nil, fmt.Sprintf("attribute key %s is not one of %s; %s", pyRepr(key), names(f.keyNames()), hint)
}

// nearMiss is the exact key that key misspells: equal ignoring case, or nearly equal (ratio >= 0.9).
func nearMiss(key string, exact []string) string {
	folded := strings.ToLower(key)
	for _, name := range exact {
		if strings.ToLower(name) == folded {
			return name
		}
	}
	return closeMatch(key, exact, 0.9)
}

// closeMatch is difflib.get_close_matches(key.casefold(), [casefolded names], n=1, cutoff).
func closeMatch(key string, candidates []string, cutoff float64) string {
	word := []rune(strings.ToLower(key))
	best, bestScore, bestFolded := "", -1.0, ""
	for _, name := range candidates {
		folded := strings.ToLower(name)
		score := ratio([]rune(folded), word)
		if score >= cutoff && (score > bestScore || score == bestScore && folded > bestFolded) {
			best, bestScore, bestFolded = name, score, folded
		}
	}
	return best
}

// ratio is difflib.SequenceMatcher(None, a, b).ratio() for sequences shorter than 200 (no autojunk).
func ratio(a, b []rune) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	b2j := map[rune][]int{}
	for j, r := range b {
		b2j[r] = append(b2j[r], j)
	}
	matches := 0
	type span struct{ alo, ahi, blo, bhi int }
	queue := []span{{0, len(a), 0, len(b)}}
	for len(queue) > 0 {
		s := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		besti, bestj, best := s.alo, s.blo, 0
		j2len := map[int]int{}
		for i := s.alo; i < s.ahi; i++ {
			next := map[int]int{}
			for _, j := range b2j[a[i]] {
				if j < s.blo {
					continue
				}
				if j >= s.bhi {
					break
				}
				k := j2len[j-1] + 1
				next[j] = k
				if k > best {
					besti, bestj, best = i-k+1, j-k+1, k
				}
			}
			j2len = next
		}
		if best == 0 {
			continue
		}
		matches += best
		if s.alo < besti && s.blo < bestj {
			queue = append(queue, span{s.alo, besti, s.blo, bestj})
		}
		if besti+best < s.ahi && bestj+best < s.bhi {
			queue = append(queue, span{besti + best, s.ahi, bestj + best, s.bhi})
		}
	}
	return 2 * float64(matches) / float64(len(a)+len(b))
}

const shown = 60

// show is Python's repr of a value, cut to 60 characters as the Python host shows it.
func show(v any) string {
	text := pyValue(v)
	if utf8.RuneCountInString(text) <= shown {
		return text
	}
	r := []rune(text)
	return string(r[:shown-4]) + "..." + string(r[len(r)-1])
}

func pyValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return pyRepr(v)
	case json.Number:
		return string(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, item := range v {
			parts[i] = pyValue(item)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyRepr(k) + ": " + pyValue(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyRepr is Python's repr() of a str: single quotes unless the text holds ' and no ".
func pyRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && !strconv.IsPrint(r):
			switch {
			case r <= 0xff:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r <= 0xffff:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

func names(items []string) string {
	parts := make([]string, len(items))
	for i, item := range items {
		parts[i] = pyRepr(item)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func contains(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}
