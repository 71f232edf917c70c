package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

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
