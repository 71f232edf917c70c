package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/auth"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

// The alternative a user would pick: a full-copy sync as Anki does it for
// a first sync or after a schema change ("upload the whole collection" /
// "download from AnkiWeb"). The collection is the device's whole event log
// as one gzip JSON array. Upload: the client reads its log, encodes and
// compresses it while sending; the server checks the token as the API
// does, decompresses and decodes every event (Anki checks an uploaded
// collection's integrity too), writes the compressed blob to a file,
// fsyncs it and renames it over the user's previous one. Download: the
// server sends the file; the client decodes it and records the events in
// its store, 1000 at a time.

// fullCopyServer serves POST and GET /fullcopy/collection.
type fullCopyServer struct {
	store store.Store
	dir   string
}

func (s *fullCopyServer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /fullcopy/collection", s.upload)
	mux.HandleFunc("GET /fullcopy/collection", s.download)
	return mux
}

// user authenticates a request the way the API does.
func (s *fullCopyServer) user(r *http.Request) (store.User, bool) {
	const prefix = "Bearer "
	hdr := r.Header.Get("Authorization")
	if len(hdr) <= len(prefix) || hdr[:len(prefix)] != prefix {
		return store.User{}, false
	}
	tok, err := s.store.TokenByHash(r.Context(), auth.HashToken(hdr[len(prefix):]))
	if err != nil {
		return store.User{}, false
	}
	u, err := s.store.UserByID(r.Context(), tok.UserID)
	return u, err == nil && !u.Disabled
}

func (s *fullCopyServer) upload(w http.ResponseWriter, r *http.Request) {
	u, ok := s.user(r)
	if !ok {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	f, err := os.CreateTemp(s.dir, "upload-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := decodeCollection(io.TeeReader(r.Body, f), func(*inflow.Event) error { return nil })
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := f.Sync(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := os.Rename(f.Name(), filepath.Join(s.dir, u.ID+".json.gz")); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"events":%d}`, n)
}

func (s *fullCopyServer) download(w http.ResponseWriter, r *http.Request) {
	u, ok := s.user(r)
	if !ok {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	f, err := os.Open(filepath.Join(s.dir, u.ID+".json.gz"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/gzip")
	io.Copy(w, f)
}

// decodeCollection reads a gzip JSON array of events, calling fn on each.
func decodeCollection(r io.Reader, fn func(*inflow.Event) error) (int, error) {
	zr, err := gzip.NewReader(bufio.NewReaderSize(r, 64<<10))
	if err != nil {
		return 0, err
	}
	dec := json.NewDecoder(zr)
	if _, err := dec.Token(); err != nil {
		return 0, err
	}
	n := 0
	for dec.More() {
		ev := &inflow.Event{}
		if err := dec.Decode(ev); err != nil {
			return n, fmt.Errorf("event %d: %w", n, err)
		}
		if err := fn(ev); err != nil {
			return n, err
		}
		n++
	}
	if _, err := dec.Token(); err != nil {
		return n, err
	}
	_, err = io.Copy(io.Discard, zr) // to the end, so the gzip checksum is checked
	return n, err
}

// fullCopyClient uploads and downloads a device's whole log.
type fullCopyClient struct {
	http  *http.Client
	url   string // of the server
	token string
}

// upload sends every event of st as one compressed blob, encoding while
// it sends.
func (c *fullCopyClient) upload(ctx context.Context, st syncclient.LocalStore) (int, error) {
	pr, pw := io.Pipe()
	count := make(chan int, 1)
	go func() {
		n, err := encodeCollection(ctx, st, pw)
		count <- n
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/fullcopy/collection", pr)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/gzip")
	resp, err := c.http.Do(req)
	if err != nil {
		pr.CloseWithError(err)
		return 0, err
	}
	defer resp.Body.Close()
	var ans struct{ Events int }
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("full upload: %s: %s", resp.Status, body)
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		return 0, err
	}
	if n := <-count; n != ans.Events {
		return 0, fmt.Errorf("full upload: sent %d events, the server read %d", n, ans.Events)
	}
	return ans.Events, nil
}

func encodeCollection(ctx context.Context, st syncclient.LocalStore, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	zw := gzip.NewWriter(bw)
	enc := json.NewEncoder(zw)
	n, after := 0, ""
	if _, err := io.WriteString(zw, "["); err != nil {
		return n, err
	}
	for {
		evs, err := st.Events(ctx, after, 1000)
		if err != nil {
			return n, err
		}
		for _, ev := range evs {
			if n > 0 {
				io.WriteString(zw, ",")
			}
			if err := enc.Encode(ev); err != nil {
				return n, err
			}
			n++
			after = ev.ID
		}
		if len(evs) < 1000 {
			break
		}
	}
	if _, err := io.WriteString(zw, "]"); err != nil {
		return n, err
	}
	if err := zw.Close(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// download fetches the collection and records its events in st.
func (c *fullCopyClient) download(ctx context.Context, st syncclient.LocalStore) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/fullcopy/collection", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("full download: %s: %s", resp.Status, b)
	}
	batch := make([]*inflow.Event, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := st.RecordMany(ctx, batch)
		batch = batch[:0]
		return err
	}
	n, err := decodeCollection(resp.Body, func(ev *inflow.Event) error {
		batch = append(batch, ev)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return n, err
}
