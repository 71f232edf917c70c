package app

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
)

// Launch is what a start of Inflow asks for: the window, quick search with
// words, the review session, or nothing visible (started at login).
type Launch struct {
	Search     bool   `json:"search"`
	Query      string `json:"query"`
	Review     bool   `json:"review"`
	Background bool   `json:"background"`
	// Course and Lesson ask for a course's lesson (a reminder's Continue);
	// never read from arguments.
	Course string `json:"course,omitempty"`
	Lesson string `json:"lesson,omitempty"`
}

// ParseLaunch reads a launch from command-line arguments: --search [WORDS],
// --review, --background; --data-dir DIR and -v are skipped. It is used for
// the arguments a second start hands to the running instance.
func ParseLaunch(args []string) Launch {
	var l Launch
	var words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--search" || a == "-search":
			l.Search = true
		case strings.HasPrefix(a, "--search="):
			l.Search = true
			words = append(words, strings.TrimPrefix(a, "--search="))
		case a == "--review":
			l.Review = true
		case a == "--background":
			l.Background = true
		case a == "--data-dir":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			words = append(words, a)
		}
	}
	if l.Search {
		l.Query = strings.Join(words, " ")
	}
	return l
}

// Args turns a launch back into command-line arguments.
func (l Launch) Args() []string {
	var out []string
	if l.Search {
		out = append(out, "--search")
		if l.Query != "" {
			out = append(out, l.Query)
		}
	}
	if l.Review {
		out = append(out, "--review")
	}
	if l.Background {
		out = append(out, "--background")
	}
	return out
}

// instanceID names the single-instance lock of a profile: one running
// Inflow per data directory.
func instanceID(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	h := sha256.Sum256([]byte(abs))
	return "app.inflow.i" + hex.EncodeToString(h[:8])
}
