package host

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onap/onap-hpa/go/hpa"
	"github.com/onap/onap-hpa/go/protocol"
)

// WorkerSpec says how to start one driver's worker.
type WorkerSpec struct {
	// Command is the worker binary and its arguments (a binary that ships several drivers takes the
	// driver's name as its argument).
	Command []string
	// Name, when set, is the driver the worker must say it runs.
	Name string
}

// batchSize is the number of requests per batch message, as the Python host sends them.
const batchSize = 64

// Log budget per worker, and lines kept for crash reports.
const (
	logLine   = 4096
	logBudget = 1000
	tailLines = 8
)

// AddWorker starts a protocol worker, reads its hello and adds its driver. A worker that cannot
// start, or answers with a fatal message, is recorded as failed (or incompatible) with the reason.
func (h *Host) AddWorker(spec WorkerSpec) DriverRecord {
	p := &process{host: h, spec: spec}
	s := &slot{proc: p}
	p.slot = s
	err := p.start()
	info := p.info
	if info.Name == "" {
		info.Name = spec.Name
		if info.Name == "" && len(spec.Command) > 0 {
			info.Name = spec.Command[0]
		}
	}
	s.record = DriverRecord{Info: info, Source: strings.Join(spec.Command, " "), Status: Loaded}
	if err != nil {
		s.record.Status, s.record.Error = p.state, err.Error()
	}
	rec := h.add(s, info)
	if rec.Status != Loaded {
		p.close()
	}
	p.mu.Lock()
	p.state = rec.Status
	p.mu.Unlock()
	return rec
}

type line struct {
	data []byte
	err  error
}

// process is one driver's worker and what the host learnt about it.
type process struct {
	host    *Host
	spec    WorkerSpec
	slot    *slot
	mu      sync.Mutex // guards what record() reads
	state   string
	info    hpa.DriverInfo
	strikes int
	starts  int

	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   chan line
	quit    chan struct{}
	exited  chan struct{}
	status  string
	workdir string
	tail    []string
	logged  int
	tailMu  sync.Mutex
	run     sync.Mutex // one batch at a time per worker
}

func (p *process) record() DriverRecord {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.slot.record
	if p.state == Quarantined {
		r.Status = Quarantined
		r.Error = p.quarantineReason()
	}
	return r
}

func (p *process) quarantineReason() string {
	return fmt.Sprintf("the worker crashed, hung or broke the protocol %d times; quarantined for this run", p.strikes)
}

// start launches the worker and reads its hello; the error says why it is not ready.
func (p *process) start() error {
	if len(p.spec.Command) == 0 {
		p.state = Failed
		return errors.New("no worker command")
	}
	p.starts++
	workdir, err := os.MkdirTemp("", "onap-hpa-worker-")
	if err != nil {
		p.state = Failed
		return err
	}
	p.workdir = workdir
	cmd, err := p.host.opts.Sandbox.command(p.spec.Command, workdir)
	if err != nil {
		p.state = Failed
		return err
	}
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		p.state = Failed
		p.cleanup()
		return fmt.Errorf("cannot start %s: %w", p.spec.Command[0], err)
	}
	if err := p.host.opts.Sandbox.limit(cmd.Process.Pid); err != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		p.state = Failed
		p.cleanup()
		return fmt.Errorf("cannot apply the sandbox's limits: %w", err)
	}
	p.cmd, p.stdin = cmd, stdin
	lines, quit := make(chan line, 256), make(chan struct{})
	p.lines, p.quit = lines, quit
	p.exited = make(chan struct{})
	var readers sync.WaitGroup
	readers.Add(2)
	go func() {
		defer readers.Done()
		r := protocol.NewReader(stdout)
		for {
			data, err := r.ReadLine()
			select {
			case lines <- line{data, err}:
			case <-quit: // killed: nobody reads on; drain the pipe so the process can be reaped
				_, _ = io.Copy(io.Discard, stdout)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		defer readers.Done()
		p.stderr(stderr)
	}()
	go func() {
		readers.Wait() // both pipes drained: Wait may close them now
		err := cmd.Wait()
		p.status = describeExit(cmd, err)
		close(p.exited)
	}()
	if _, err := stdin.Write(append(protocol.AppendHostHello(nil), '\n')); err != nil {
		return p.startFailed("its stdin closed before the hello")
	}
	timer := time.NewTimer(p.host.opts.StartupTimeout)
	defer timer.Stop()
	select {
	case l := <-p.lines:
		if l.err != nil {
			p.kill()
			return p.startFailed(fmt.Sprintf("the worker %s before its hello%s", p.exitStatus(), p.tailText()))
		}
		msg, err := protocol.DecodeWorkerMessage(l.data)
		switch {
		case err != nil:
			p.kill()
			return p.startFailed("broke the protocol at start-up: " + p.host.opts.Scrub(err.Error()))
		case msg.Fatal != nil:
			p.kill()
			if msg.Fatal.Contract != "" {
				p.info.Contract = msg.Fatal.Contract
			}
			state := Failed
			if msg.Fatal.Kind == "incompatible" {
				state = Incompatible
			}
			p.state = state
			return errors.New(p.host.opts.Scrub(protocol.Cut(msg.Fatal.Message, protocol.MaxText)))
		case msg.Hello == nil || msg.Hello.Protocol != protocol.Version:
			p.kill()
			return p.startFailed("answered the protocol hello with another message")
		}
		info := msg.Hello.Driver
		if err := info.Check(); err != nil {
			p.kill()
			return p.startFailed(err.Error())
		}
		if p.spec.Name != "" && info.Name != p.spec.Name {
			p.kill()
			return p.startFailed(fmt.Sprintf("it says it runs driver %q, expected %q", info.Name, p.spec.Name))
		}
		if p.info.Name != "" && info.Name != p.info.Name {
			p.kill()
			return p.startFailed(fmt.Sprintf("the restarted worker runs driver %q, not %q", info.Name, p.info.Name))
		}
		p.info = info
		p.state = Loaded
		return nil
	case <-timer.C:
		p.kill()
		return p.startFailed(fmt.Sprintf("no hello within %g s of start", p.host.opts.StartupTimeout.Seconds()))
	}
}

func (p *process) startFailed(reason string) error {
	p.state = Failed
	p.cleanup()
	return errors.New(reason)
}

func (p *process) stderr(r io.Reader) {
	pr := protocol.NewReader(r)
	for {
		data, err := pr.ReadLine()
		if errors.Is(err, protocol.ErrLineTooLong) {
			data, err = []byte("(a line longer than 1 MiB)"), nil
		}
		if err != nil && len(data) == 0 {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				return
			}
			return
		}
		if len(data) > logLine {
			data = data[:logLine]
		}
		text := p.host.opts.Scrub(strings.ToValidUTF8(strings.TrimRight(string(data), "\r"), "\ufffd"))
		p.tailMu.Lock()
		p.tail = append(p.tail, text)
		if len(p.tail) > tailLines {
			p.tail = p.tail[1:]
		}
		p.logged++
		n := p.logged
		p.tailMu.Unlock()
		switch {
		case n <= logBudget:
			p.host.log.Info("output: "+text, "driver", p.driverName())
		case n == logBudget+1:
			p.host.log.Info(fmt.Sprintf("(more than %d lines of output; the rest is not logged)", logBudget), "driver", p.driverName())
		}
	}
}

func (p *process) driverName() string {
	if p.info.Name != "" {
		return p.info.Name
	}
	return p.spec.Name
}

func (p *process) tailText() string {
	p.tailMu.Lock()
	defer p.tailMu.Unlock()
	var lines []string
	for _, l := range p.tail {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	text := strings.Join(lines, " | ")
	if len(text) > 600 {
		text = text[len(text)-600:]
	}
	return "; its last output: " + text
}

// kill ends the worker's process group and waits for it.
func (p *process) kill() {
	if p.cmd == nil || p.cmd.Process == nil || p.exited == nil {
		return
	}
	select {
	case <-p.quit:
	default:
		close(p.quit)
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	_ = p.cmd.Process.Kill()
	<-p.exited
}

func (p *process) exitStatus() string {
	select {
	case <-p.exited:
		return p.status
	case <-time.After(5 * time.Second):
		return "stopped"
	}
}

func describeExit(cmd *exec.Cmd, err error) string {
	state := cmd.ProcessState
	if state == nil {
		return "stopped"
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		name := ws.Signal().String()
		if ws.Signal() == syscall.SIGKILL {
			name += " (out of memory or a fault in native code)"
		}
		return "was killed by " + name
	}
	return "exited with status " + strconv.Itoa(state.ExitCode())
}

func (p *process) cleanup() {
	if p.workdir != "" {
		_ = os.RemoveAll(p.workdir)
		p.workdir = ""
	}
}

func (p *process) close() {
	p.run.Lock()
	defer p.run.Unlock()
	if p.cmd != nil && p.stdin != nil {
		_ = p.stdin.Close() // EOF: a clean exit
		select {
		case <-p.exited:
		case <-time.After(time.Second):
			p.kill()
		}
	}
	p.cleanup()
}

// runWorker sends every request to the slot's worker and returns one outcome per request: the
// result, or the fault that replaced it. A worker that dies or hangs costs the request it was on; the
// rest of the batch is re-run in a new worker, until the worker is quarantined.
func (h *Host) runWorker(s *slot, reqs []*protocol.Request) []outcome {
	p := s.proc
	p.run.Lock()
	defer p.run.Unlock()
	out := make([]outcome, len(reqs))
	next := 0
	for next < len(reqs) {
		if p.state == Quarantined {
			for ; next < len(reqs); next++ {
				out[next] = faultOutcome(Quarantined, p.quarantineReason())
			}
			break
		}
		if p.state != Loaded {
			if err := p.start(); err != nil {
				p.strikes = h.opts.Strikes
				p.mu.Lock()
				p.state = Quarantined
				p.mu.Unlock()
				continue
			}
		}
		next = p.serve(reqs, next, out)
	}
	return out
}

// serve runs reqs[from:] through the running worker until all are answered or the worker fails; it
// returns the index to resume from.
func (p *process) serve(reqs []*protocol.Request, from int, out []outcome) int {
	h := p.host
	// Requests carry their index as id: a result answers exactly the request at the head.
	go func(stdin io.Writer, batch []*protocol.Request, base int) {
		for i := 0; i < len(batch); i += batchSize {
			end := min(i+batchSize, len(batch))
			chunk := make([]*protocol.Request, 0, end-i)
			for j := i; j < end; j++ {
				r := *batch[j]
				r.ID = strconv.Itoa(base + j)
				chunk = append(chunk, &r)
			}
			if _, err := stdin.Write(append(protocol.AppendBatch(nil, chunk, false), '\n')); err != nil {
				return // the worker is gone: its stdout says the rest
			}
		}
	}(p.stdin, reqs[from:], from)
	timer := time.NewTimer(h.opts.Deadline)
	defer timer.Stop()
	for head := from; head < len(reqs); head++ {
		if head > from {
			timer.Reset(h.opts.Deadline)
		}
		select {
		case l := <-p.lines:
			if l.err != nil {
				if errors.Is(l.err, protocol.ErrLineTooLong) {
					return p.fail(out, head, InvalidOutput, "the worker sent a line longer than 1 MiB; it was killed")
				}
				p.kill()
				return p.fail(out, head, Crashed, "the worker "+p.exitStatus())
			}
			msg, err := protocol.DecodeWorkerMessage(l.data)
			if err != nil || msg.Result == nil || msg.Result.ID != strconv.Itoa(head) {
				what := fmt.Sprintf("answered request %d with %s", head, protocol.Cut(string(l.data), 200))
				if err != nil {
					what = "sent a message the protocol refuses (" + protocol.Cut(err.Error(), 200) + ")"
				}
				return p.fail(out, head, InvalidOutput, "the worker "+h.opts.Scrub(what)+"; it was killed")
			}
			out[head] = resultOutcome(h, msg.Result)
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
		case <-timer.C:
			return p.fail(out, head, Timeout, fmt.Sprintf("no result within the %g s deadline; the worker was killed", h.opts.Deadline.Seconds()))
		}
	}
	return len(reqs)
}

// fail records the head request's fault, kills the worker, counts a strike and leaves it to be
// restarted (or quarantined) for the rest.
func (p *process) fail(out []outcome, head int, kind, message string) int {
	p.kill()
	out[head] = faultOutcome(kind, message+p.tailText())
	p.cleanup()
	p.mu.Lock()
	p.strikes++
	if p.strikes >= p.host.opts.Strikes {
		p.state = Quarantined
	} else {
		p.state = "new"
	}
	p.mu.Unlock()
	return head + 1
}

func faultOutcome(kind, message string) outcome {
	return outcome{drop: true, faults: []Fault{{Kind: kind, Message: message}}}
}

func resultOutcome(h *Host, r *protocol.Result) outcome {
	o := outcome{raw: r.Records}
	errs := r.Errors
	if len(errs) > 64 {
		errs = errs[:64]
	}
	for _, e := range errs {
		message := h.opts.Scrub(protocol.Cut(e.Message, protocol.MaxText))
		switch e.Kind {
		case "bad-input":
			o.faults = append(o.faults, Fault{Kind: BadInput, Message: message})
		default: // raised, invalid-output
			o.faults = append(o.faults, Fault{Kind: e.Kind, Message: message})
			o.drop = true
		}
	}
	if o.drop {
		o.raw = nil
	}
	return o
}
