package synctest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/inflow-learning/inflow/internal/server/pgstore/pgtest"
	"time"
)

// buildServer builds cmd/inflow-server into a temporary directory. With
// no Go toolchain to build with, the test is skipped; a build that fails
// otherwise fails it.
func buildServer(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if goroot := os.Getenv("GOROOT"); goroot != "" {
			goTool = filepath.Join(goroot, "bin", "go")
		}
		if _, serr := os.Stat(goTool); goTool == "" || serr != nil {
			t.Skipf("no go toolchain to build cmd/inflow-server with: %v", err)
		}
	}
	bin := filepath.Join(t.TempDir(), "inflow-server")
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/inflow-learning/inflow/cmd/inflow-server")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build cmd/inflow-server: %v\n%s", err, out)
	}
	return bin
}

// serverProcess is cmd/inflow-server running as a child process on a
// badger data directory, which outlives the process.
type serverProcess struct {
	t        *testing.T
	bin      string
	data     string
	postgres string // a DSN: run on PostgreSQL instead of data
	addr     string // host:port once started; kept across restarts

	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	logs *syncBuffer
}

func newServerProcess(t *testing.T, bin, backend string) *serverProcess {
	p := &serverProcess{t: t, bin: bin, data: t.TempDir(), addr: "127.0.0.1:0", logs: &syncBuffer{}}
	if backend == "postgres" {
		p.postgres = pgtest.FreshSchema(t, 0)
	}
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("server log:\n%s", p.logs.String())
		}
	})
	return p
}

// command runs the server binary with the data directory, ignoring the
// environment's choice of backend.
func (p *serverProcess) command(args ...string) *exec.Cmd {
	where := []string{"--data", p.data}
	if p.postgres != "" {
		where = []string{"--postgres", p.postgres}
	}
	cmd := exec.Command(p.bin, append(where, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "INFLOW_SERVER_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

// addUser adds an account through the CLI, the password on stdin.
func (p *serverProcess) addUser(name, password string) {
	p.t.Helper()
	cmd := p.command("user", "add", name, "--password-stdin")
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		p.t.Fatalf("inflow-server user add: %v\n%s", err, out)
	}
}

// start runs `serve` and waits until it logs the address it listens on.
// The first start picks a free port; restarts use the same one, so the
// clients' saved server address still reaches it.
func (p *serverProcess) start() {
	p.t.Helper()
	cmd := p.command("serve", "--addr", p.addr, "--shutdown-grace", "1s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start inflow-server: %v", err)
	}
	p.cmd, p.done = cmd, make(chan struct{})
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			p.logs.WriteLine(sc.Text())
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				serving <- line.Addr
			}
		}
		cmd.Wait()
		close(p.done)
	}()
	select {
	case addr := <-serving:
		p.addr = addr
	case <-p.done:
		p.t.Fatalf("inflow-server exited before serving:\n%s", p.logs.String())
	case <-time.After(30 * time.Second):
		p.t.Fatalf("inflow-server did not start in 30 s:\n%s", p.logs.String())
	}
}

// URL is the server's base URL.
func (p *serverProcess) URL() string { return "http://" + p.addr }

// kill sends SIGKILL, no chance to finish anything, and waits for the
// process to be gone.
func (p *serverProcess) kill() {
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		p.t.Errorf("kill inflow-server: %v", err)
	}
	<-p.done
}

// syncBuffer collects log lines from the server's stderr reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) WriteLine(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(line)
	s.b.WriteByte('\n')
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
