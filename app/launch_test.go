package app

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseLaunch(t *testing.T) {
	for in, want := range map[string]Launch{
		"":                                {},
		"--search":                        {Search: true},
		"--search tar extract":            {Search: true, Query: "tar extract"},
		"--data-dir /x --search tar -v":   {Search: true, Query: "tar"},
		"--search=ssh":                    {Search: true, Query: "ssh"},
		"--review":                        {Review: true},
		"--background":                    {Background: true},
		"stray words":                     {},
		"--review --data-dir /p --search": {Search: true, Review: true},
	} {
		if got := ParseLaunch(strings.Fields(in)); got != want {
			t.Errorf("ParseLaunch(%q) = %+v, want %+v", in, got, want)
		}
		if got := ParseLaunch(want.Args()); got != want {
			t.Errorf("round trip of %+v gave %+v", want, got)
		}
	}
	if !reflect.DeepEqual((Launch{Search: true, Query: "a b"}).Args(), []string{"--search", "a b"}) {
		t.Error("args")
	}
}

func TestInstanceIDPerProfile(t *testing.T) {
	a, b := instanceID("/tmp/p1"), instanceID("/tmp/p2")
	if a == b || a != instanceID("/tmp/p1/") || !strings.HasPrefix(a, "app.inflow.") {
		t.Errorf("%s %s", a, b)
	}
}
