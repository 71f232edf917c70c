package syncclient

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// CourseRemote is the signed-in server as a source of course downloads
// (it satisfies courses.Remote).
type CourseRemote struct {
	c      *Client
	server string
	token  string
	http   *http.Client
	// Stall is how long a file download may receive nothing before it is
	// cut and resumed (30 s).
	Stall time.Duration
}

// Courses returns the remote of the account signed in; ErrSignedOut
// without a token.
func (c *Client) Courses(ctx context.Context) (*CourseRemote, error) {
	a, err := c.account(ctx)
	if err != nil {
		return nil, err
	}
	token, err := c.token()
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, ErrSignedOut
	}
	h := c.http
	if h.Timeout != 0 {
		// Files can take hours on a slow link: no overall timeout, the
		// stall watchdog below cuts dead connections instead.
		cp := *h
		cp.Timeout = 0
		h = &cp
	}
	return &CourseRemote{c: c, server: a.Server, token: token, http: h, Stall: 30 * time.Second}, nil
}

// Source is the server's URL.
func (r *CourseRemote) Source() string { return r.server }

// List fetches the server's course catalog into out (a slice of the
// server's course summaries).
func (r *CourseRemote) List(ctx context.Context, out any) error {
	return r.c.do(ctx, http.MethodGet, r.server, "/api/v1/courses", nil, r.token, nil, out)
}

// CourseManifest fetches a course's current manifest.
func (r *CourseRemote) CourseManifest(ctx context.Context, id string) (*course.Manifest, error) {
	var m course.Manifest
	if err := r.c.do(ctx, http.MethodGet, r.server, "/api/v1/courses/manifest", url.Values{"id": {id}}, r.token, nil, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// FetchBlob asks for a file from offset on (HTTP Range, with If-Range on
// the file's hash, its ETag). A server that answers with the whole file
// is read past the offset. The body is cut if nothing arrives for Stall.
func (r *CourseRemote) FetchBlob(ctx context.Context, sha string, offset int64) (io.ReadCloser, error) {
	ctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.server+"/api/v1/blobs/"+url.PathEscape(sha), nil)
	if err != nil {
		cancel()
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("User-Agent", "inflow-sync/1")
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
		req.Header.Set("If-Range", `"`+sha+`"`)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		cancel()
		return nil, r.c.transportError(ctx, err)
	}
	r.c.setOnline(true)
	skip := int64(0)
	switch {
	case resp.StatusCode == http.StatusPartialContent:
		if start, ok := rangeStart(resp.Header.Get("Content-Range")); !ok || start != offset {
			resp.Body.Close()
			cancel()
			return nil, inflow.Errorf(inflow.EINTERNAL, "the server sent bytes from %q, not %d", resp.Header.Get("Content-Range"), offset)
		}
	case resp.StatusCode == http.StatusOK:
		skip = offset
	default:
		defer resp.Body.Close()
		defer cancel()
		return nil, r.c.statusError(resp)
	}
	body := &watchdog{rc: resp.Body, cancel: cancel, stall: r.Stall}
	body.timer = time.AfterFunc(r.Stall, cancel)
	if skip > 0 {
		if _, err := io.CopyN(io.Discard, body, skip); err != nil {
			body.Close()
			return nil, r.c.transportError(ctx, fmt.Errorf("skip to %d: %w", skip, err))
		}
	}
	return body, nil
}

// rangeStart reads the first byte of "bytes a-b/n".
func rangeStart(h string) (int64, bool) {
	var a, b, n int64
	if _, err := fmt.Sscanf(h, "bytes %d-%d/%d", &a, &b, &n); err != nil {
		return 0, false
	}
	return a, true
}

// watchdog cancels a download that receives nothing for stall.
type watchdog struct {
	rc     io.ReadCloser
	cancel context.CancelFunc
	timer  *time.Timer
	stall  time.Duration
}

func (w *watchdog) Read(b []byte) (int, error) {
	n, err := w.rc.Read(b)
	if n > 0 {
		w.timer.Reset(w.stall)
	}
	return n, err
}

func (w *watchdog) Close() error {
	w.timer.Stop()
	w.cancel()
	return w.rc.Close()
}
