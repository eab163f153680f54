// Package worker turns a Go driver into a protocol worker binary (docs/protocol.md): the host starts
// the binary in its sandbox and talks to it over stdin and stdout.
//
// A driver's command is three lines:
//
//	package main
//
//	import (
//		"github.com/onap/onap-hpa/go/worker"
//		_ "github.com/onap/onap-hpa/go/drivers/sriovnic" // registers itself
//	)
//
//	func main() { worker.Main() }
//
// Serve moves the protocol off descriptor 1 before any driver code runs: it keeps a private duplicate
// of stdout for the protocol and points descriptor 1 (and os.Stdout) at stderr, so whatever a driver
// prints — fmt.Println, a C library, a goroutine that outlives its call — lands in the host's log,
// never in a result. Each request runs under recover(): a panic becomes a "raised" error for that
// request only.
package worker

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
	"golang.org/x/sys/unix"
)

// Main serves the one driver this binary registered, or, when it registered several, the one its
// first argument names, or else the one its file name names (onap-hpa-driver-<name>: a copy or link
// per driver, for hosts that start binaries without arguments); it exits with Serve's status.
func Main() {
	drivers := hpa.Registered()
	var d hpa.Driver
	byFileName, named := hpa.Lookup(strings.TrimPrefix(filepath.Base(os.Args[0]), "onap-hpa-driver-"))
	switch {
	case len(os.Args) == 1 && len(drivers) > 1 && named:
		d = byFileName
	case len(os.Args) > 1:
		found, ok := hpa.Lookup(os.Args[1])
		if !ok {
			fmt.Fprintf(os.Stderr, "no driver %q in this binary; it has %v\n", os.Args[1], names(drivers))
			os.Exit(2)
		}
		d = found
	case len(drivers) == 1:
		d = drivers[0]
	default:
		fmt.Fprintf(os.Stderr, "usage: %s DRIVER (one of %v)\n", os.Args[0], names(drivers))
		os.Exit(2)
	}
	os.Exit(Serve(d))
}

func names(drivers []hpa.Driver) []string {
	var out []string
	for _, d := range drivers {
		out = append(out, d.Info().Name)
	}
	return out
}

// Serve runs the protocol for d on the process's stdin and stdout until stdin closes, and returns
// the exit status: 0 at a clean end of input, non-zero after a fatal message.
func Serve(d hpa.Driver) int {
	out, err := claimStdout()
	if err != nil {
		fmt.Fprintf(os.Stderr, "worker: cannot move the protocol off stdout: %v\n", err)
		return 3
	}
	defer out.Close()
	return ServeStreams(d, os.Stdin, out)
}

// claimStdout returns a private duplicate of descriptor 1 and points descriptor 1 at stderr.
func claimStdout() (*os.File, error) {
	fd, err := unix.Dup(1)
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(fd)
	if err := unix.Dup2(2, 1); err != nil {
		return nil, err
	}
	os.Stdout = os.Stderr
	return os.NewFile(uintptr(fd), "protocol"), nil
}

// ServeStreams is [Serve] over any streams (what tests use): requests from in, messages to out.
func ServeStreams(d hpa.Driver, in io.Reader, out io.Writer) int {
	w := bufio.NewWriterSize(out, 64<<10)
	send := func(line []byte) {
		w.Write(append(line, '\n'))
		w.Flush()
	}
	fatal := func(kind, message, contract string) int {
		send(protocol.AppendFatal(nil, kind, message, contract))
		return 3
	}
	r := protocol.NewReader(in)
	line, err := r.ReadLine()
	if errors.Is(err, io.EOF) {
		return 0
	}
	if err != nil {
		return fatal("protocol-error", "reading the host's hello: "+err.Error(), "")
	}
	msg, err := protocol.DecodeHostMessage(line)
	if err != nil || msg.Hello == nil {
		return fatal("protocol-error", "expected the host's hello first", "")
	}
	if !slices.Contains(msg.Hello.Protocols, protocol.Version) {
		return fatal("unsupported-protocol", fmt.Sprintf("this worker speaks protocol %s; the host offered %v",
			protocol.Version, msg.Hello.Protocols), "")
	}
	info, err := hpa.Complete(d)
	if err != nil {
		return fatal("load-failed", err.Error(), "")
	}
	send(protocol.AppendWorkerHello(nil, info))
	for {
		line, err := r.ReadLine()
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			return fatal("protocol-error", "reading a batch: "+err.Error(), "")
		}
		msg, err := protocol.DecodeHostMessage(line)
		if err != nil {
			return fatal("protocol-error", err.Error(), "")
		}
		if msg.Batch == nil {
			return fatal("protocol-error", "expected a batch message, got another hello", "")
		}
		for i := range msg.Batch.Requests {
			send(Answer(d, info.Name, &msg.Batch.Requests[i], msg.Batch.DeleteURLs))
		}
	}
}

// Answer runs d on one request and returns its result line: records, errors and, when asked and
// implemented, delete URLs. Nothing the driver does escapes: a panic is a "raised" error.
func Answer(d hpa.Driver, name string, req *protocol.Request, deleteURLs bool) []byte {
	if req.Problem != nil {
		// A request the contract's schema refuses never reaches the driver: the host learns why.
		errs := []protocol.Error{{Kind: "raised", Exception: "ProtocolError",
			Message: "the host sent a request the protocol schema refuses: " + req.Problem.Error()}}
		return protocol.AppendResult(nil, req.ID, nil, errs, nil, "")
	}
	records, errs := Discover(d, &req.Request)
	var urls []string
	urlsError := ""
	if deleter, ok := d.(hpa.DeleteURLer); ok && deleteURLs {
		urls, urlsError = deleteURLsOf(deleter, &req.Request)
	}
	return protocol.AppendResult(nil, req.ID, records, errs, urls, urlsError)
}

// Discover calls d.Discover under recover and sorts what it returned into records and wire errors:
// bad input keeps the records (a partial result), any other error or a panic drops them.
func Discover(d hpa.Driver, req *hpa.Request) (records []hpa.Capability, errs []protocol.Error) {
	defer func() {
		if p := recover(); p != nil {
			records = nil
			errs = append(errs, panicError(p))
		}
	}()
	records, err := d.Discover(req)
	bad, other := hpa.Problems(err)
	for _, b := range bad {
		errs = append(errs, protocol.Error{Kind: "bad-input", Key: b.Key, Value: b.Value, Expected: b.Expected, Message: b.Error()})
	}
	for _, e := range other {
		errs = append(errs, protocol.Error{Kind: "raised", Exception: fmt.Sprintf("%T", e), Message: e.Error()})
	}
	if len(other) > 0 {
		records = nil
	}
	if records == nil {
		records = []hpa.Capability{}
	}
	return records, errs
}

func panicError(p any) protocol.Error {
	// The stack goes to the log (stderr), once per panic; the result carries the value.
	fmt.Fprintf(os.Stderr, "panic: %v\n%s", p, debug.Stack())
	return protocol.Error{Kind: "raised", Exception: fmt.Sprintf("panic(%T)", p), Message: fmt.Sprintf("panic: %v", p)}
}

func deleteURLsOf(d hpa.DeleteURLer, req *hpa.Request) (urls []string, problem string) {
	defer func() {
		if p := recover(); p != nil {
			urls, problem = nil, fmt.Sprintf("hpa_delete_urls panicked: %v", p)
		}
	}()
	urls, err := d.DeleteURLs(req)
	if err != nil {
		return nil, "hpa_delete_urls failed: " + err.Error()
	}
	if urls == nil {
		urls = []string{}
	}
	return urls, ""
}
