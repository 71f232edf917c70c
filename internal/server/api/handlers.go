package api

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/auth"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// signIn checks a password and gives the device a token. Attempts are
// limited per user name and per address; every failure says the same
// thing, so it does not reveal which names exist.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	var req syncproto.SignInRequest
	if err := decode(w, r, 64<<10, &req); err != nil {
		s.failErr(w, r, err)
		return
	}
	now := s.clock.Now()
	addr, _, _ := net.SplitHostPort(r.RemoteAddr)
	name := strings.ToLower(strings.TrimSpace(req.User))
	for _, lim := range []struct {
		l   *auth.Limiter
		key string
	}{{s.byUser, name}, {s.byAddress, addr}} {
		if ok, wait := lim.l.Allow(lim.key, now); !ok {
			w.Header().Set("Retry-After", itoa(int(wait.Seconds())+1))
			s.fail(w, r, http.StatusTooManyRequests, "rate_limited", "too many sign-in attempts; try again in a minute")
			return
		}
	}
	if !inflow.ValidID(req.DeviceID) || len(req.DeviceName) > 200 {
		s.fail(w, r, http.StatusBadRequest, inflow.EINVALID, "a device id is needed")
		return
	}
	u, err := s.store.UserByName(r.Context(), name)
	if err != nil || u.Disabled || !auth.VerifyPassword(u.PasswordHash, req.Password) {
		s.log.Warn("sign-in refused", "user", name, "addr", addr)
		s.fail(w, r, http.StatusUnauthorized, "unauthorized", "wrong user name or password")
		return
	}
	s.byUser.Reset(name)
	token, hash, err := auth.NewToken()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if _, err := s.store.CreateToken(r.Context(), store.Token{UserID: u.ID, Hash: hash, DeviceID: req.DeviceID, DeviceName: req.DeviceName, Created: now, LastUsed: now}); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.log.Info("signed in", "user", u.Name, "device", req.DeviceID)
	reply(w, http.StatusOK, syncproto.SignInResponse{Token: token, User: u.Name, Role: u.Role})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, c caller) {
	if err := s.store.RevokeToken(r.Context(), c.token.ID); err != nil {
		s.failErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// push stores the caller's events. An event must come from the device the
// token belongs to: a device cannot write in another's name.
func (s *Server) push(w http.ResponseWriter, r *http.Request, c caller) {
	var req syncproto.PushRequest
	if err := decode(w, r, syncproto.MaxBodyBytes, &req); err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(req.Events) > syncproto.MaxBatch {
		s.fail(w, r, http.StatusRequestEntityTooLarge, inflow.ETOOLARGE, "at most 1000 events per request")
		return
	}
	var ok []inflow.Event
	resp := syncproto.PushResponse{Rejected: []syncproto.Rejection{}}
	for _, ev := range req.Events {
		if ev.Device != c.token.DeviceID {
			resp.Rejected = append(resp.Rejected, syncproto.Rejection{ID: ev.ID, Code: inflow.EINVALID,
				Message: "event " + ev.ID + " was made on device " + ev.Device + ", not on this device"})
			continue
		}
		ok = append(ok, ev)
	}
	res, err := s.store.PushEvents(r.Context(), c.user.ID, ok)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	resp.Stored, resp.Duplicates = res.Stored, res.Duplicates
	for _, rj := range res.Rejected {
		resp.Rejected = append(resp.Rejected, syncproto.Rejection{ID: rj.ID, Code: rj.Code, Message: rj.Message})
	}
	reply(w, http.StatusOK, resp)
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, c caller) {
	after, limit, err := pageArgs(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	evs, cursor, err := s.store.PullEvents(r.Context(), c.user.ID, after, limit)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if evs == nil {
		evs = []inflow.Event{}
	}
	reply(w, http.StatusOK, syncproto.PullResponse{Events: evs, Cursor: cursor, More: len(evs) == limit})
}

func (s *Server) catalog(w http.ResponseWriter, r *http.Request, c caller) {
	after, limit, err := pageArgs(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	changes, cursor, err := s.store.CatalogChanges(r.Context(), after, limit)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := syncproto.CatalogResponse{Changes: []syncproto.CatalogChange{}, Cursor: cursor, More: len(changes) == limit}
	for _, ch := range changes {
		out.Changes = append(out.Changes, syncproto.CatalogChange{PackID: ch.PackID, Removed: ch.Removed, Pack: ch.Pack})
	}
	reply(w, http.StatusOK, out)
}

// publish stores a pack uploaded by an author or admin.
func (s *Server) publish(w http.ResponseWriter, r *http.Request, c caller) {
	if c.user.Role != store.RoleAuthor && c.user.Role != store.RoleAdmin {
		s.fail(w, r, http.StatusForbidden, "forbidden", "only authors and admins may publish")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, syncproto.MaxPackBytes+1<<20)
	f, hdr, err := r.FormFile("pack")
	if err != nil {
		s.failErr(w, r, inflow.Errorf(inflow.EINVALID, "send the pack as the multipart file field \"pack\": %v", err))
		return
	}
	defer f.Close()
	// Keep the upload's own name (cleaned): pack ids and error messages
	// come from it.
	dir, err := os.MkdirTemp("", "inflow-publish-")
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	tmp, err := os.Create(filepath.Join(dir, uploadName(hdr.Filename)))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if _, err := io.Copy(tmp, io.LimitReader(f, syncproto.MaxPackBytes+1)); err != nil {
		tmp.Close()
		s.failErr(w, r, err)
		return
	}
	tmp.Close()
	packs, err := s.load(r.Context(), tmp.Name())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := syncproto.PublishResponse{}
	for _, p := range packs {
		res, err := s.store.PutPack(r.Context(), p, c.user.Name)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		out.Packs = append(out.Packs, res)
	}
	s.log.Info("published", "user", c.user.Name, "packs", len(out.Packs))
	reply(w, http.StatusOK, out)
}

// unpublish removes a published pack and its items from the catalog; every
// client removes them at its next sync.
func (s *Server) unpublish(w http.ResponseWriter, r *http.Request, c caller) {
	if c.user.Role != store.RoleAuthor && c.user.Role != store.RoleAdmin {
		s.fail(w, r, http.StatusForbidden, "forbidden", "only authors and admins may unpublish")
		return
	}
	id := r.PathValue("id")
	if err := s.store.RemovePack(r.Context(), id, c.user.Name); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.log.Info("unpublished", "user", c.user.Name, "pack", id)
	w.WriteHeader(http.StatusNoContent)
}

// uploadName keeps the letters, digits, dots, dashes and underscores of
// an uploaded file's base name; ".." and empty names become "pack.zip".
func uploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return -1
	}, name)
	if clean == "" || strings.Trim(clean, ".") == "" {
		return "pack.zip"
	}
	return clean
}

func itoa(n int) string {
	if n <= 0 {
		return "1"
	}
	b := []byte{}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
