package hpa

import (
	"strconv"
	"unicode/utf8"

	"github.com/onap/onap-hpa/go/canonjson"
)

// Unit is a unit OOF converts to bytes (x1024 steps). Any other unit would be compared raw.
type Unit string

// The units of an hpa-attribute-value; NoUnit leaves "unit" out.
const (
	NoUnit Unit = ""
	KB     Unit = "KB"
	MB     Unit = "MB"
	GB     Unit = "GB"
)

// Capability is one AAI hpa-capability record without its id (the host gives a stable one).
type Capability struct {
	Feature      string
	Architecture string
	Version      string
	Attributes   []Attribute
}

// Attribute is one element of hpa-feature-attributes; Value is the JSON object string OOF parses.
type Attribute struct {
	Key   string
	Value string
}

// NewCapability builds a record of feature at hpa-version [HPAVersion]: the Go twin of
// onap_hpa.capability().
func NewCapability(feature, architecture string, attributes ...Attribute) Capability {
	return Capability{Feature: feature, Architecture: architecture, Version: HPAVersion, Attributes: attributes}
}

// AppendJSON writes the record as compact JSON in the Python SDK's member order: hpa-feature,
// architecture, hpa-version, hpa-feature-attributes.
func (c Capability) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"hpa-feature":`...)
	dst = canonjson.AppendString(dst, c.Feature)
	dst = append(dst, `,"architecture":`...)
	dst = canonjson.AppendString(dst, c.Architecture)
	dst = append(dst, `,"hpa-version":`...)
	dst = canonjson.AppendString(dst, c.Version)
	dst = append(dst, `,"hpa-feature-attributes":`...)
	return append(AppendAttributes(dst, c.Attributes), '}')
}

// MarshalJSON is [Capability.AppendJSON] for encoding/json.
func (c Capability) MarshalJSON() ([]byte, error) { return c.AppendJSON(nil), nil }

// AppendAttributes writes attributes as the hpa-feature-attributes array.
func AppendAttributes(dst []byte, attributes []Attribute) []byte {
	dst = append(dst, '[')
	for i, a := range attributes {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"hpa-attribute-key":`...)
		dst = canonjson.AppendString(dst, a.Key)
		dst = append(dst, `,"hpa-attribute-value":`...)
		dst = canonjson.AppendString(dst, a.Value)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// Attr is an attribute whose value has no unit: Attr("pciVendorId", "8086").
func Attr(key, value string) Attribute { return Attribute{key, AttributeValue(value, NoUnit)} }

// AttrInt is an attribute holding an integer, written as its decimal string: AttrInt("pciCount", 2).
func AttrInt(key string, value int64) Attribute {
	return Attribute{key, AttributeValue(strconv.FormatInt(value, 10), NoUnit)}
}

// AttrUnit is an attribute with a unit: AttrUnit("virtualMemSize", "2048", hpa.MB).
func AttrUnit(key, value string, unit Unit) Attribute {
	return Attribute{key, AttributeValue(value, unit)}
}

// PCIAttributes are pciCount, pciVendorId and pciDeviceId: what every PCI-device feature carries.
func PCIAttributes(count, vendorID, deviceID string) []Attribute {
	return []Attribute{Attr("pciCount", count), Attr("pciVendorId", vendorID), Attr("pciDeviceId", deviceID)}
}

// AttributeValue serialises one value as onap_hpa.capability.attribute_value does, byte for byte:
// {"value":"2048","unit":"MB"}, the string ASCII-only (non-ASCII and U+007F as \uXXXX, lower-case hex,
// surrogate pairs above U+FFFF). It panics on a unit OOF does not convert: that is a driver bug.
func AttributeValue(value string, unit Unit) string {
	buf := make([]byte, 0, len(value)+24)
	buf = append(buf, `{"value":`...)
	buf = appendASCIIString(buf, value)
	switch unit {
	case NoUnit:
	case KB, MB, GB:
		buf = append(buf, `,"unit":"`...)
		buf = append(buf, unit...)
		buf = append(buf, '"')
	default:
		panic("hpa: unit " + strconv.Quote(string(unit)) + " is not one OOF converts; expected KB, MB or GB")
	}
	return string(append(buf, '}'))
}

const lowerHex = "0123456789abcdef"

// appendASCIIString is Python's json.encoder.encode_basestring_ascii.
func appendASCIIString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for _, r := range s { // invalid UTF-8 reads as U+FFFD, which Python strings would hold instead
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			dst = append(dst, '\\', 'r')
		case r == '\t':
			dst = append(dst, '\\', 't')
		case r == '\b':
			dst = append(dst, '\\', 'b')
		case r == '\f':
			dst = append(dst, '\\', 'f')
		case r >= 0x20 && r <= 0x7e:
			dst = append(dst, byte(r))
		case r > 0xffff:
			r -= 0x10000
			dst = appendU(dst, 0xd800|(r>>10)&0x3ff)
			dst = appendU(dst, 0xdc00|r&0x3ff)
		default:
			dst = appendU(dst, r)
		}
	}
	return append(dst, '"')
}

func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', lowerHex[r>>12&0xf], lowerHex[r>>8&0xf], lowerHex[r>>4&0xf], lowerHex[r&0xf])
}

// Len is the length of s as Python's len() counts it: code points, not bytes.
func Len(s string) int { return utf8.RuneCountInString(s) }
