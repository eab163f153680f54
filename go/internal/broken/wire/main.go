// Command broken-go-wire is a deliberately broken driver (tests only, see package broken): it runs its
// own protocol loop on stdin and stdout instead of worker.Serve, answers the hello and flavors without
// hw:* extra_specs correctly, and writes a line of bytes that is not JSON for a flavor with some.
package main

import (
	"bufio"
	"errors"
	"io"
	"os"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/internal/broken"
	"github.com/onap/onap-hpa/go/protocol"
	"github.com/onap/onap-hpa/go/worker"
)

type driver struct{}

func (driver) Info() hpa.DriverInfo { return broken.Info("wire") }

func (driver) Discover(req *hpa.Request) ([]hpa.Capability, error) { return broken.Basic(req), nil }

func main() {
	d := driver{}
	info, err := hpa.Complete(d)
	if err != nil {
		os.Exit(3)
	}
	in, out := protocol.NewReader(os.Stdin), bufio.NewWriter(os.Stdout)
	for {
		line, err := in.ReadLine()
		if errors.Is(err, io.EOF) {
			return
		} else if err != nil {
			os.Exit(3)
		}
		msg, err := protocol.DecodeHostMessage(line)
		switch {
		case err != nil:
			os.Exit(3)
		case msg.Hello != nil:
			out.Write(append(protocol.AppendWorkerHello(nil, info), '\n'))
		case msg.Batch != nil:
			for i := range msg.Batch.Requests {
				req := &msg.Batch.Requests[i]
				if len(req.ExtraSpecs) > 0 {
					out.WriteString("\x00\xffgarbage{\"type\":\"result\"\n")
					continue
				}
				out.Write(append(worker.Answer(d, info.Name, req, msg.Batch.DeleteURLs), '\n'))
			}
		}
		out.Flush()
	}
}
