// Package canonjson writes compact JSON byte for byte as the Python host does (orjson.dumps, or
// json.dumps(separators=(",", ":"), ensure_ascii=False)): object members in their given order, no
// whitespace, UTF-8 as it is. Unlike encoding/json it never escapes <, >, &, U+2028 or U+2029, so the
// 1500-byte cap on a driver's records counts the same bytes in Go as in Python.
//
// Strings escape only '"', '\\' and the control characters U+0000..U+001F (\b \t \n \f \r, else
// \u00xx in lower-case hex). Numbers are integers (Go integer types or an integral json.Number); the
// contract's records and requests hold no floating-point values.
package canonjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Object is a JSON object whose members keep their order (Python dicts keep insertion order).
type Object []Member

// Member is one name/value pair of an [Object].
type Member struct {
	Key   string
	Value any
}

// Get returns the value of the member named key (the last one, as Python's json.loads keeps).
func (o Object) Get(key string) (any, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if o[i].Key == key {
			return o[i].Value, true
		}
	}
	return nil, false
}

// Appender is a value that writes its own canonical JSON.
type Appender interface {
	AppendJSON(dst []byte) []byte
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string literal. Invalid UTF-8 bytes become U+FFFD (Python strings
// cannot hold them).
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(append(dst, s[start:]...), '"')
}

// Append appends the canonical compact JSON of v: nil, bool, string, Go integers, json.Number
// (integral), []any, []string, Object, map[string]any and map[string]string (members sorted by key,
// since a Go map has no order), or an [Appender].
func Append(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		if v {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case string:
		return AppendString(dst, v), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case uint32:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(dst, v, 10), nil
	case json.Number:
		if !isInteger(string(v)) {
			return dst, fmt.Errorf("canonjson: %q is not an integer; the contract holds integers only", string(v))
		}
		return append(dst, v...), nil
	case Appender:
		return v.AppendJSON(dst), nil
	case Object:
		dst = append(dst, '{')
		for i, m := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, m.Key)
			dst = append(dst, ':')
			var err error
			if dst, err = Append(dst, m.Value); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	case []any:
		dst = append(dst, '[')
		for i, item := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = Append(dst, item); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case []string:
		dst = append(dst, '[')
		for i, item := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, item)
		}
		return append(dst, ']'), nil
	case map[string]string:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(AppendString(dst, k), ':')
			dst = AppendString(dst, v[k])
		}
		return append(dst, '}'), nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		obj := make(Object, len(keys))
		for i, k := range keys {
			obj[i] = Member{k, v[k]}
		}
		return Append(dst, obj)
	}
	return dst, fmt.Errorf("canonjson: cannot encode %T", v)
}

// Marshal returns the canonical compact JSON of v (see [Append]).
func Marshal(v any) ([]byte, error) { return Append(nil, v) }

func isInteger(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Decode parses one JSON value keeping object member order: objects become [Object], arrays []any,
// numbers json.Number, strings string. A repeated member name keeps its first position and its last
// value, as Python's json.loads does. Trailing data other than whitespace is an error.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("canonjson: data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			obj := Object{}
			index := map[string]int{}
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := keyTok.(string)
				value, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				if i, ok := index[key]; ok {
					obj[i].Value = value
					continue
				}
				index[key] = len(obj)
				obj = append(obj, Member{key, value})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				value, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, value)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return arr, nil
		}
		return nil, fmt.Errorf("canonjson: unexpected %v", tok)
	default:
		return tok, nil
	}
}

// Pairs builds an Object from alternating keys (strings) and values: Pairs("a", 1, "b", "x").
func Pairs(kv ...any) Object {
	obj := make(Object, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		obj = append(obj, Member{Key: kv[i].(string), Value: kv[i+1]})
	}
	return obj
}
