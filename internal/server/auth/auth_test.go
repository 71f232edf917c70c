package auth

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q", h)
	}
	if !VerifyPassword(h, "correct horse battery") || VerifyPassword(h, "correct horse batterY") || VerifyPassword(h, "") {
		t.Error("verify")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("no salt")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", "$argon2id$v=19$m=64,t=1,p=0$AA$AA", "garbage"} {
		if VerifyPassword(bad, "x") {
			t.Errorf("accepted hash %q", bad)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("short password accepted")
	}
}

func TestToken(t *testing.T) {
	a, ha, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, hb, _ := NewToken()
	if a == b || len(a) != 43 || !bytes.Equal(ha, HashToken(a)) || bytes.Equal(ha, hb) || len(ha) != 32 {
		t.Errorf("tokens %q %q", a, b)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, time.Minute)
	t0 := time.Unix(1000, 0)
	for i := range 3 {
		if ok, _ := l.Allow("ann", t0.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	ok, wait := l.Allow("ann", t0.Add(3*time.Second))
	if ok || wait != 57*time.Second {
		t.Errorf("4th: %v %v", ok, wait)
	}
	if ok, _ := l.Allow("bob", t0.Add(3*time.Second)); !ok {
		t.Error("another key was limited")
	}
	if ok, _ := l.Allow("ann", t0.Add(61*time.Second)); !ok {
		t.Error("not allowed again after the window")
	}
	l.Reset("ann")
	for range 3 {
		if ok, _ := l.Allow("ann", t0.Add(62*time.Second)); !ok {
			t.Error("reset did not forget")
		}
	}
}
