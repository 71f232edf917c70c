package syncclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// Limits of what is read from the server.
const (
	maxResponseBytes = 64 << 20 // a pull page: 1000 events with their data
	maxErrorBytes    = 64 << 10
)

// errAnswerTooLarge is an answer over maxResponseBytes, which was not read.
var errAnswerTooLarge = &inflow.Error{Code: inflow.EINTERNAL, Message: "the server's answer is too large"}

// defaultHTTP is the client used when Config.HTTP is nil. The overall
// timeout allows a 1 MiB push on a slow uplink; redirects are not followed
// (a POST would turn into a GET), they are reported instead.
func defaultHTTP() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Timeout: 60 * time.Second,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 30 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConns:          4,
			ForceAttemptHTTP2:     true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// normalizeServer checks a server base URL and returns it without a
// trailing slash. Plain http is refused except to this machine unless
// allowed: the password and token would cross the network in clear text.
func normalizeServer(raw string, allowHTTP bool) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", inflow.Errorf(inflow.EINVALID, "server %q is not an http(s)://host[:port] address", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", inflow.Errorf(inflow.EINVALID, "server %q must not have a query, fragment or user", raw)
	}
	if u.Scheme == "http" && !allowHTTP && !isLoopback(u.Hostname()) {
		return "", inflow.Errorf(inflow.EINVALID, "server %q: use https:// (plain http is only allowed to this machine)", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return strings.TrimRight(u.String(), "/"), nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// do sends one request and decodes a 2xx JSON answer into out (nil: the
// body is discarded). It records whether the server was reachable.
func (c *Client) do(ctx context.Context, method, server, path string, query url.Values, token string, body []byte, out any) error {
	u := server + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "inflow-sync/1")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		c.setOnline(true)
		return c.statusError(resp)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.maxAnswer)+1))
	if err != nil {
		return c.transportError(ctx, fmt.Errorf("read response: %w", err))
	}
	c.setOnline(true)
	if len(b) > c.maxAnswer {
		return fmt.Errorf("%w: the answer to %s %s is over %d bytes", errAnswerTooLarge, method, path, c.maxAnswer)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return inflow.Errorf(inflow.EINTERNAL, "the server's answer to %s %s is not valid: %v", method, path, err)
	}
	return nil
}

// transportError turns a failed exchange into an offline error, unless
// the caller gave up (then it is the context's error).
func (c *Client) transportError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	c.setOnline(false)
	return &offlineError{err: err}
}

// statusError reads an error answer into a *ServerError.
func (c *Client) statusError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	var er syncproto.ErrorResponse
	_ = json.Unmarshal(b, &er)
	e := &ServerError{Status: resp.StatusCode, Code: inflowCode(er.Code, resp.StatusCode), ServerCode: er.Code, Message: er.Message}
	if e.Message == "" {
		e.Message = strings.ToLower(http.StatusText(e.Status))
	}
	switch {
	case e.Status >= 300 && e.Status < 400:
		e.Message = fmt.Sprintf("the server redirects to %q; set that as the server address", resp.Header.Get("Location"))
	case e.Status == http.StatusTooManyRequests:
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.clock.Now())
	}
	return e
}

// isStatus reports whether err is a *ServerError with the given status.
func isStatus(err error, status int) bool {
	var se *ServerError
	return errors.As(err, &se) && se.Status == status
}
