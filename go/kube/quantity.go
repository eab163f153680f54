package kube

import (
	"fmt"
	"math/big"
	"regexp"
)

var quantityRE = regexp.MustCompile(`^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`)

var suffixes = map[string]*big.Rat{
	"": big.NewRat(1, 1), "n": big.NewRat(1, 1e9), "u": big.NewRat(1, 1e6), "m": big.NewRat(1, 1e3),
	"k": big.NewRat(1e3, 1), "M": big.NewRat(1e6, 1), "G": big.NewRat(1e9, 1), "T": big.NewRat(1e12, 1),
	"P": big.NewRat(1e15, 1), "E": big.NewRat(1e18, 1),
	"Ki": big.NewRat(1<<10, 1), "Mi": big.NewRat(1<<20, 1), "Gi": big.NewRat(1<<30, 1), "Ti": big.NewRat(1<<40, 1),
	"Pi": big.NewRat(1<<50, 1), "Ei": big.NewRat(1<<60, 1),
}

// ParseQuantity reads a Kubernetes resource quantity ("4", "3920m", "16Gi", "1e3", "0.5") as an exact
// rational number of base units (cores, bytes, devices).
func ParseQuantity(s string) (*big.Rat, error) {
	if n, ok := plainInteger(s); ok {
		return new(big.Rat).SetInt64(n), nil
	}
	for suffix, shift := range binary {
		if len(s) > 2 && s[len(s)-2:] == suffix {
			if n, ok := plainInteger(s[:len(s)-2]); ok && n < 1<<(62-shift) {
				return new(big.Rat).SetInt64(n << shift), nil
			}
		}
	}
	m := quantityRE.FindStringSubmatch(s)
	if m == nil || len(s) > 64 {
		return nil, fmt.Errorf("%q is not a Kubernetes quantity", s)
	}
	n, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return nil, fmt.Errorf("%q is not a Kubernetes quantity", s)
	}
	suffix := m[2]
	if scale, ok := suffixes[suffix]; ok {
		return n.Mul(n, scale), nil
	}
	exp, ok := new(big.Int).SetString(suffix[1:], 10)
	if !ok || exp.CmpAbs(big.NewInt(30)) > 0 {
		return nil, fmt.Errorf("%q has an exponent out of range", s)
	}
	pow := new(big.Int).Exp(big.NewInt(10), new(big.Int).Abs(exp), nil)
	if exp.Sign() < 0 {
		return n.Quo(n, new(big.Rat).SetInt(pow)), nil
	}
	return n.Mul(n, new(big.Rat).SetInt(pow)), nil
}

// Floor is the largest integer <= q/unit, as a decimal string ("0" for negatives).
func Floor(q *big.Rat, unit int64) string {
	v := new(big.Rat).Quo(q, big.NewRat(unit, 1))
	if v.Sign() <= 0 {
		return "0"
	}
	return new(big.Int).Quo(v.Num(), v.Denom()).String()
}

var binary = map[string]uint{"Ki": 10, "Mi": 20, "Gi": 30}

// plainInteger reads the common "123" quickly (at most 18 digits, no sign).
func plainInteger(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
