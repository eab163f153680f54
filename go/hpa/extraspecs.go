package hpa

import (
	"math/big"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// MaxValue is Nova's cap on an extra_spec value, in characters (flavors older than API 2.86 were
// never checked: expect anything).
const MaxValue = 255

// maxDigits is Python's default int_max_str_digits: int() refuses longer decimal strings.
const maxDigits = 4300

// ParseCount reads a count as Nova reads it, which is Python's int(): surrounding whitespace, one
// sign, leading zeros, single underscores between digits and any Unicode decimal digit are accepted;
// the count must be at least minimum. It returns the canonical decimal string ("2" for " +0_2"), of
// any size, or a *BadInput naming key and value. The Go twin of onap_hpa.extra_specs.parse_count.
func ParseCount(flavorID, key, value string, minimum int) (string, error) {
	digits, ok := pythonInt(value)
	if !ok || !atLeast(digits, minimum) {
		return "", &BadInput{FlavorID: flavorID, Key: key, Value: value, Expected: "an integer >= " + itoa(minimum)}
	}
	return digits, nil
}

// pythonInt is int(value) for base 10: the canonical decimal of the value ("-3", "0", "12").
func pythonInt(value string) (string, bool) {
	// CPython first maps every non-ASCII whitespace to ' ' and every decimal digit to its ASCII digit;
	// any other non-ASCII character fails. ASCII characters stay as they are.
	buf := make([]byte, 0, len(value))
	for _, r := range value {
		switch {
		case r < 127:
			buf = append(buf, byte(r))
		case unicode.IsSpace(r):
			buf = append(buf, ' ')
		default:
			d := DecimalValue(r)
			if d < 0 {
				return "", false
			}
			buf = append(buf, byte('0'+d))
		}
	}
	// Then PyLong_FromString: spaces, one sign, digits with single underscores between them, spaces.
	i := 0
	for i < len(buf) && asciiSpace(buf[i]) {
		i++
	}
	negative := false
	if i < len(buf) && (buf[i] == '+' || buf[i] == '-') {
		negative = buf[i] == '-'
		i++
	}
	if i < len(buf) && buf[i] == '_' {
		return "", false
	}
	var digits []byte
	prev := byte(0)
	for ; i < len(buf) && (buf[i] >= '0' && buf[i] <= '9' || buf[i] == '_'); i++ {
		if buf[i] == '_' {
			if prev == '_' {
				return "", false
			}
		} else {
			digits = append(digits, buf[i])
		}
		prev = buf[i]
	}
	if prev == '_' || len(digits) == 0 || len(digits) > maxDigits {
		return "", false
	}
	for i < len(buf) && asciiSpace(buf[i]) {
		i++
	}
	if i != len(buf) {
		return "", false
	}
	canonical := strings.TrimLeft(string(digits), "0")
	if canonical == "" {
		return "0", true
	}
	if negative {
		canonical = "-" + canonical
	}
	return canonical, true
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func atLeast(canonical string, minimum int) bool {
	n, ok := new(big.Int).SetString(canonical, 10)
	return ok && n.Cmp(big.NewInt(int64(minimum))) >= 0
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

type ndRange struct{ lo, hi rune }

var ndRanges = func() []ndRange {
	var out []ndRange
	for _, r := range unicode.Nd.R16 {
		for lo := rune(r.Lo); lo <= rune(r.Hi); lo += rune(r.Stride) * 10 {
			out = append(out, ndRange{lo, min(lo+9*rune(r.Stride), rune(r.Hi))})
			if r.Stride != 1 {
				break
			}
		}
	}
	for _, r := range unicode.Nd.R32 {
		for lo := rune(r.Lo); lo <= rune(r.Hi); lo += 10 {
			out = append(out, ndRange{lo, min(lo+9, rune(r.Hi))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	return out
}()

// DecimalValue is the value of a Unicode decimal digit (general category Nd), as Python's
// unicodedata.decimal gives it, or -1. Unicode lays out every Nd digit in runs of ten from zero.
func DecimalValue(r rune) int {
	i := sort.Search(len(ndRanges), func(i int) bool { return ndRanges[i].hi >= r })
	if i < len(ndRanges) && ndRanges[i].lo <= r {
		return int(r - ndRanges[i].lo)
	}
	return -1
}

// PCIDevice is a MultiCloud-convention device name <type>-<subtype>-<vendorname>-<vendorid>-<deviceid>[-<rest>].
type PCIDevice struct {
	Type, Subtype, VendorName, VendorID, DeviceID, Rest string
}

var (
	hex4RE   = regexp.MustCompile(`^[0-9A-Fa-f]{4}$`)
	vendorRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.]{0,63}$`)
)

// ParsePCIDevice splits a device name (onap_hpa.extra_specs.parse_pci_device): rest=true requires a
// sixth field that may hold dashes (a physnet). value is the whole extra_spec, named in the error.
func ParsePCIDevice(flavorID, key, value, name string, rest bool) (PCIDevice, error) {
	want := 5
	shape := "<type>-<subtype>-<vendorname>-<vendorid>-<deviceid>"
	if rest {
		want = 6
		shape += "-<physnet>"
	}
	fields := strings.SplitN(name, "-", want)
	bad := func(expected string) (PCIDevice, error) {
		return PCIDevice{}, &BadInput{FlavorID: flavorID, Key: key, Value: value, Expected: expected}
	}
	if len(fields) != want {
		return bad("a name shaped " + shape)
	}
	for _, f := range fields {
		if f == "" {
			return bad("a name shaped " + shape)
		}
	}
	if !vendorRE.MatchString(fields[2]) {
		return bad("a vendor name of letters, digits, '_' or '.', starting with a letter or digit, in " + shape)
	}
	if !hex4RE.MatchString(fields[3]) || !hex4RE.MatchString(fields[4]) {
		return bad("4-hex-digit vendor and device ids in " + shape)
	}
	d := PCIDevice{Type: fields[0], Subtype: fields[1], VendorName: fields[2], VendorID: fields[3], DeviceID: fields[4]}
	if rest {
		d.Rest = fields[5]
	}
	return d, nil
}
