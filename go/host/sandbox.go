package host

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"syscall"

	"golang.org/x/sys/unix"
)

// Sandbox is how the host starts a worker. The worker is always a fresh process (never a fork of
// the host), in a process group of its own (killed whole), with an empty temporary working directory
// (removed after), the environment below and nothing else, and these resource limits.
//
// A stronger confinement (Landlock, seccomp, no_new_privs, dropping to nobody) is what the Python
// host's launcher applies before it execs a binary: give it as Wrapper, e.g.
//
//	[]string{"python3", "-I", "-m", "onap_hpa_host.workers.launch", policyJSON, "--", "exec"}
//
// and the worker's command is appended to it.
type Sandbox struct {
	MemoryMB   int // RLIMIT_DATA, default 256
	CPUSeconds int // RLIMIT_CPU, default 600
	OpenFiles  int // RLIMIT_NOFILE, default 64
	FileSizeMB int // RLIMIT_FSIZE, default 64
	// Env lists host variables passed on to workers; a name that looks like a secret is refused.
	Env []string
	// Wrapper is a command the worker is started through.
	Wrapper []string
	// AsNobody runs workers as user and group 65534 when the host runs as root.
	AsNobody bool
}

var secretName = regexp.MustCompile(`(?i)pass(word|wd|phrase)?|secret|token|credential|auth|user_?name|login|api_?key|private|cert|signature|session|cookie`)

// Environment is a worker's whole environment: a fixed allowlist plus the names Env lists.
func (s Sandbox) Environment(workdir string) ([]string, error) {
	env := []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TZ=UTC",
		"HOME=" + workdir, "TMPDIR=" + workdir}
	for _, name := range s.Env {
		if secretName.MatchString(name) {
			return nil, fmt.Errorf("the worker environment lists %q, which may hold a secret; list no such variable", name)
		}
		if value, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+value)
		}
	}
	return env, nil
}

func (s Sandbox) command(command []string, workdir string) (*exec.Cmd, error) {
	env, err := s.Environment(workdir)
	if err != nil {
		return nil, err
	}
	argv := append(append([]string(nil), s.Wrapper...), command...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = workdir, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if s.AsNobody && os.Geteuid() == 0 {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: 65534, Gid: 65534}
		_ = os.Chown(workdir, 65534, 65534)
	}
	return cmd, nil
}

// limit applies the resource limits to a started worker (prlimit), before the host's hello: the
// worker reads nothing until then.
func (s Sandbox) limit(pid int) error {
	mb := uint64(1 << 20)
	for _, l := range []struct {
		resource int
		value    uint64
	}{
		{unix.RLIMIT_DATA, uint64(orDefault(s.MemoryMB, 256)) * mb},
		{unix.RLIMIT_CPU, uint64(orDefault(s.CPUSeconds, 600))},
		{unix.RLIMIT_NOFILE, uint64(orDefault(s.OpenFiles, 64))},
		{unix.RLIMIT_FSIZE, uint64(orDefault(s.FileSizeMB, 64)) * mb},
		{unix.RLIMIT_CORE, 0},
	} {
		var old unix.Rlimit
		if err := unix.Prlimit(pid, l.resource, nil, &old); err != nil {
			return err
		}
		value := l.value
		if old.Max != unix.RLIM_INFINITY && old.Max < value {
			value = old.Max
		}
		if err := unix.Prlimit(pid, l.resource, &unix.Rlimit{Cur: value, Max: value}, nil); err != nil {
			return err
		}
	}
	return nil
}

func orDefault(n, d int) int {
	if n > 0 {
		return n
	}
	return d
}
