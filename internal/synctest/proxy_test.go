package synctest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// proxy is a TCP proxy on 127.0.0.1 in front of a server. It can play
// the network going away (down: every connection is closed, new ones are
// closed as soon as they are accepted) and cut a connection in the middle
// of a response.
type proxy struct {
	ln     net.Listener
	target string
	wg     sync.WaitGroup

	mu    sync.Mutex
	down  bool
	rule  cutRule
	conns map[net.Conn]bool
}

// cutRule decides, from a request's first line ("POST /api/v1/events
// HTTP/1.1"), whether to cut its response, returning how many bytes of the
// whole response to let through; nil lets it pass. A connection with a cut
// rule must carry one request (the client disables keep-alives), so the
// proxy can read the whole response before it forwards a part of it.
type cutRule func(requestLine string) (keep func(response []byte) int)

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// URL is the proxy's base URL.
func (p *proxy) URL() string { return "http://" + p.ln.Addr().String() }

// setDown takes the network away (closing every open connection) or
// brings it back.
func (p *proxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
	}
}

func (p *proxy) isDown() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.down
}

// setRule sets the cut rule of new connections; nil heals the proxy.
func (p *proxy) setRule(r cutRule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rule = r
}

func (p *proxy) close() {
	p.ln.Close()
	p.setDown(true)
	p.wg.Wait()
}

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
		}()
	}
}

// track adds connections to the open set, or closes them when down.
func (p *proxy) track(cs ...net.Conn) (cutRule, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		for _, c := range cs {
			c.Close()
		}
		return nil, false
	}
	for _, c := range cs {
		p.conns[c] = true
	}
	return p.rule, true
}

func (p *proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *proxy) serve(client net.Conn) {
	rule, ok := p.track(client)
	if !ok {
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		p.untrack(client)
		return
	}
	if _, ok := p.track(up); !ok {
		p.untrack(client, up)
		return
	}
	defer p.untrack(client, up)

	in := bufio.NewReader(client)
	var keep func([]byte) int
	if rule != nil {
		line, err := in.ReadString('\n')
		if err != nil {
			return
		}
		if _, err := io.WriteString(up, line); err != nil {
			return
		}
		keep = rule(strings.TrimSpace(line))
	}
	done := make(chan struct{}, 2)
	go func() {
		io.Copy(up, in)
		done <- struct{}{}
	}()
	if keep == nil {
		go func() {
			io.Copy(client, up)
			done <- struct{}{}
		}()
		<-done // either side hung up: drop both
		return
	}
	// One request, one response: the server closes after it.
	resp, _ := io.ReadAll(up)
	n := min(max(keep(resp), 0), len(resp))
	client.Write(resp[:n])
}

// cutAt returns a cutRule that cuts the nth response (counting from 1) to
// requests whose first line starts with prefix, keeping keep(response)
// bytes of it.
func cutAt(prefix string, nth int, keep func([]byte) int) cutRule {
	var mu sync.Mutex
	seen := 0
	return func(line string) func([]byte) int {
		if !strings.HasPrefix(line, prefix) {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		seen++
		if seen != nth {
			return nil
		}
		return keep
	}
}
