package hpa

import (
	"errors"
	"fmt"
)

// BadInput reports an input a driver reads that is present but malformed: an extra_spec, the
// region's cloud_extra_info (Key "cloud_extra_info") or a Kubernetes node fact (Key "node.labels/<label>",
// "node.allocatable/<resource>", ...). The host records a bad-input fault naming the flavor, key,
// value and what was expected; it raises no alarm, and the driver's other records are kept when the
// driver returns them with this error (a partial result).
type BadInput struct {
	FlavorID string
	Key      string
	Value    string
	Expected string
}

func (e *BadInput) Error() string {
	return fmt.Sprintf("flavor %q: %s %q = %q is malformed; expected %s. %s",
		e.FlavorID, e.what(), e.Key, shorten(e.Value), e.Expected, e.fix())
}

func (e *BadInput) what() string {
	switch {
	case e.Key == "cloud_extra_info":
		return "VIM"
	case len(e.Key) > 5 && e.Key[:5] == "node.":
		return "Kubernetes node fact"
	}
	return "extra_spec"
}

func (e *BadInput) fix() string {
	switch e.what() {
	case "VIM":
		return "Fix the cloud region's cloud-extra-info in AAI."
	case "Kubernetes node fact":
		return "Fix the node's labels, annotations or device plugins; the feature is skipped until then."
	}
	return "Fix the flavor's extra_specs in Nova; the feature is skipped until then."
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) <= 80 {
		return s
	}
	return string(r[:77]) + "..."
}

// NewBadInput is &BadInput{...}, for drivers that return it as an error.
func NewBadInput(flavorID, key, value, expected string) error {
	return &BadInput{FlavorID: flavorID, Key: key, Value: value, Expected: expected}
}

// Problems splits what a driver's Discover returned as error into bad-input errors and everything
// else. errors.Join trees are walked, so a driver reports several bad inputs as
// errors.Join(bad1, bad2) alongside the records that are good (a partial result). Any error that is
// not a *BadInput counts as a driver fault: the host drops all of the driver's records for the flavor.
func Problems(err error) (bad []*BadInput, other []error) {
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range joined.Unwrap() {
				walk(e)
			}
			return
		}
		var b *BadInput
		if errors.As(err, &b) {
			bad = append(bad, b)
			return
		}
		other = append(other, err)
	}
	walk(err)
	return bad, other
}
