package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRoot(strings.NewReader(stdin), &out, &errb)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String() + errb.String(), err
}

// TestServeUsersDevices: add users, serve on a loopback port, sign in,
// list and revoke the device, and shut down gracefully on cancel.
func TestServeUsersDevices(t *testing.T) {
	data := t.TempDir()
	if out, err := run(t, "a-long-password\n", "--data", data, "user", "add", "Ann", "--role", "author", "--password-stdin"); err != nil || !strings.Contains(out, "added ann (author)") && !strings.Contains(out, "added Ann (author)") {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, err := run(t, "short\n", "--data", data, "user", "add", "bob", "--password-stdin"); err == nil {
		t.Error("a short password was accepted")
	}
	if _, err := run(t, "another-long-one\n", "--data", data, "user", "add", "ann", "--password-stdin"); err == nil {
		t.Error("a duplicate name was accepted")
	}
	if out, _ := run(t, "", "--data", data, "user", "list"); !strings.Contains(out, "author") || !strings.Contains(out, "active") {
		t.Errorf("user list: %s", out)
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		root := newRoot(strings.NewReader(""), io.Discard, pw)
		root.SetArgs([]string{"--data", data, "serve", "--addr", "127.0.0.1:0", "--shutdown-grace", "5s"})
		done <- root.ExecuteContext(ctx)
		pw.Close()
	}()
	logs := bufio.NewScanner(pr)
	var addr string
	for addr == "" && logs.Scan() {
		var line struct {
			Msg, Addr string
		}
		json.Unmarshal(logs.Bytes(), &line)
		if line.Msg == "serving" {
			addr = line.Addr
		}
	}
	go io.Copy(io.Discard, pr)
	if addr == "" {
		t.Fatal("no serving line")
	}
	base := "http://" + addr
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	body, _ := json.Marshal(syncproto.SignInRequest{User: "ANN", Password: "a-long-password", DeviceID: "dev-1", DeviceName: "test laptop"})
	resp, err = http.Post(base+"/api/v1/signin", "application/json", bytes.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("sign in: %v %v", err, resp.StatusCode)
	}
	var sr syncproto.SignInResponse
	json.NewDecoder(resp.Body).Decode(&sr)
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no graceful shutdown")
	}

	out, _ := run(t, "", "--data", data, "device", "list", "--user", "ann")
	if !strings.Contains(out, "test laptop") || !strings.Contains(out, "active") {
		t.Fatalf("device list: %s", out)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if out, err := run(t, "", "--data", data, "device", "revoke", id); err != nil {
		t.Fatalf("revoke: %v %s", err, out)
	}
	if out, _ := run(t, "", "--data", data, "device", "list"); !strings.Contains(out, "revoked") {
		t.Errorf("after revoke: %s", out)
	}
	out, err = run(t, "", "--data", data, "publish", "../../internal/cli/testdata/pack", "--as", "ann")
	if err != nil || !strings.Contains(out, "added") {
		t.Fatalf("publish: %v %s", err, out)
	}
	packID := strings.TrimSuffix(strings.Fields(out)[0], ":")
	if out, err := run(t, "", "--data", data, "unpublish", packID, "--as", "ann"); err != nil || !strings.Contains(out, "unpublished") {
		t.Errorf("unpublish %q: %v %s", packID, err, out)
	}
	if _, err := run(t, "", "--data", data, "unpublish", packID, "--as", "ann"); err == nil || !strings.Contains(err.Error(), "not published") {
		t.Errorf("unpublish twice: %v", err)
	}
	if _, err := run(t, "", "--data", data, "user", "disable", "ann"); err != nil {
		t.Fatal(err)
	}
	if out, _ := run(t, "", "--data", data, "user", "list"); !strings.Contains(out, "disabled") {
		t.Errorf("disabled: %s", out)
	}
	if _, err := run(t, "", "user", "list"); err == nil {
		t.Error("no --data or --postgres accepted")
	}
}

// writeTree writes files under a new temporary folder and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func radioCourse(version, panel string) map[string]string {
	return map[string]string{
		"course.yaml": `id: field/radio
version: "` + version + `"
title: Radio basics
modules:
  - id: m1
    title: Start
    lessons:
      - id: power
        title: Power on
        blocks:
          - type: text
            src: lessons/power.md
          - type: image
            src: media/radio.png
            alt: The radio
          - type: video
            src: media/clip.mp4
`,
		"lessons/power.md": "# Power\nHold PWR.\n\n![panel](../media/panel.png)\n",
		"media/radio.png":  "\x89PNG\r\n\x1a\n radio",
		"media/panel.png":  "\x89PNG\r\n\x1a\n " + panel,
		"media/clip.mp4":   strings.Repeat("video bytes ", 200_000),
	}
}

// TestPublishCourse publishes a course folder and a new version of it
// from the command line, an mdBook with --id and --version, and removes
// the course; the API tests cover serving what is published.
func TestPublishCourse(t *testing.T) {
	data := t.TempDir()
	for _, u := range [][2]string{{"ann", "author"}, {"cy", "author"}, {"lee", "learner"}} {
		if out, err := run(t, "a-long-password\n", "--data", data, "user", "add", u[0], "--role", u[1], "--password-stdin"); err != nil {
			t.Fatalf("user add: %v %s", err, out)
		}
	}
	v1 := writeTree(t, radioCourse("1", "panel one"))
	if _, err := run(t, "", "--data", data, "publish", v1, "--as", "lee"); err == nil || !strings.Contains(err.Error(), "only authors and admins") {
		t.Errorf("a learner published: %v", err)
	}
	out, err := run(t, "", "--data", data, "publish", v1, "--as", "ann")
	if err != nil || !strings.Contains(out, "field/radio: version 1 published, 3 files uploaded, 0 already there") {
		t.Fatalf("publish v1: %v %s", err, out)
	}
	out, err = run(t, "", "--data", data, "publish", writeTree(t, radioCourse("2", "panel two")), "--as", "ann")
	if err != nil || !strings.Contains(out, "version 2 published, 1 files uploaded, 2 already there") {
		t.Fatalf("publish v2: %v %s", err, out)
	}
	if _, err := run(t, "", "--data", data, "publish", writeTree(t, radioCourse("3", "x")), "--as", "cy"); err == nil || !strings.Contains(err.Error(), "published by ann") {
		t.Errorf("another author replaced the course: %v", err)
	}
	book := writeTree(t, map[string]string{
		"book.toml":        "[book]\ntitle = \"Field notes\"\n",
		"src/SUMMARY.md":   "# Summary\n\n- [Intro](intro.md)\n",
		"src/intro.md":     "# Intro\nWelcome.\n",
		"src/unrelated.md": "not in the summary",
	})
	out, err = run(t, "", "--data", data, "publish", book, "--as", "cy", "--id", "notes/field", "--version", "7")
	if err != nil || !strings.Contains(out, "notes/field: version 7 published, 0 files uploaded, 0 already there") {
		t.Fatalf("publish mdBook: %v %s", err, out)
	}

	// The store serves what the command published.
	st, err := serverbadger.Open(data, serverbadger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.Courses(context.Background())
	if err != nil || len(cs) != 2 || cs[0].ID != "field/radio" || cs[0].Version != "2" || cs[0].By != "ann" || cs[1].ID != "notes/field" {
		t.Fatalf("courses: %+v %v", cs, err)
	}
	st.Close()

	if out, err := run(t, "", "--data", data, "unpublish", "field/radio", "--course", "--as", "ann"); err != nil || !strings.Contains(out, "unpublished") {
		t.Fatalf("unpublish: %v %s", err, out)
	}
	if _, err := run(t, "", "--data", data, "unpublish", "field/radio", "--course", "--as", "ann"); err == nil || !strings.Contains(err.Error(), "not published") {
		t.Errorf("unpublish twice: %v", err)
	}
	if _, err := run(t, "", "--data", data, "unpublish", "notes/field", "--as", "ann"); err == nil || !strings.Contains(err.Error(), "pack notes/field is not published") {
		t.Errorf("unpublish without --course looks for a pack: %v", err)
	}
}
