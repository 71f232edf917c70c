package coursepkg

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// An mdBook becomes a course of chapters and sections: every top-level
// chapter of SUMMARY.md is a module whose lessons are the chapter's own
// page and then its sections (deeper levels flattened, in order); prefix
// and suffix chapters (outside the list) are modules of one lesson; draft
// chapters (no file) and separators are left out; part titles ("# Part")
// are not modules. Each page is one text block with the page's Markdown.

var (
	summaryLink = regexp.MustCompile(`^\[(.*)\]\((.*)\)\s*$`)
	tomlTitle   = regexp.MustCompile(`^\s*title\s*=\s*"((?:[^"\\]|\\.)*)"\s*$`)
	tomlSrc     = regexp.MustCompile(`^\s*src\s*=\s*"((?:[^"\\]|\\.)*)"\s*$`)
)

// summaryEntry is one link of SUMMARY.md.
type summaryEntry struct {
	title, file string
	depth       int  // 0 for top-level chapters and prefix/suffix chapters
	listed      bool // in the numbered list
}

// mdBook builds the manifest of an mdBook.
func (p *Package) mdBook(o Options) (*course.Manifest, error) {
	title, srcDir := p.bookToml()
	summaryPath := srcDir + "SUMMARY.md"
	data, err := p.read(summaryPath, 1<<20)
	if err != nil {
		return nil, err
	}
	entries, err := parseSummary(data)
	if err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%s: %s", summaryPath, inflow.ErrorMessage(err))
	}
	if title == "" {
		title = bookTitle(data)
	}
	m := &course.Manifest{ID: o.ID, Version: o.Version, Title: title}
	if m.ID == "" {
		m.ID = slug(title, true)
	}
	ids := map[string]int{}
	var mod *course.Module
	for _, e := range entries {
		if e.file == "" {
			continue // a draft chapter
		}
		if e.depth == 0 || mod == nil {
			m.Modules = append(m.Modules, course.Module{ID: fmt.Sprintf("ch%d", len(m.Modules)+1), Title: e.title})
			mod = &m.Modules[len(m.Modules)-1]
		}
		file := path.Join(path.Dir(summaryPath), e.file)
		if course.MediaKind(file) != course.MediaMarkdown {
			return nil, inflow.Errorf(inflow.EINVALID, "%s: %q is not a Markdown chapter", summaryPath, e.file)
		}
		id := slug(strings.TrimSuffix(strings.TrimPrefix(file, srcDir), path.Ext(file)), false)
		if ids[id]++; ids[id] > 1 {
			id = fmt.Sprintf("%s-%d", id, ids[id])
		}
		mod.Lessons = append(mod.Lessons, course.Lesson{ID: id, Title: e.title, Blocks: []course.Block{{ID: "text", Type: course.BlockText, Src: file}}})
		if !e.listed {
			mod = nil // a prefix or suffix chapter stands alone
		}
	}
	if len(m.Modules) == 0 {
		return nil, inflow.Errorf(inflow.EINVALID, "%s lists no chapters", summaryPath)
	}
	if m.Version == "" {
		m.Version = "1" // replaced by a digest of the content once resolved
	}
	return m, nil
}

// bookToml reads the title and source folder from book.toml, if any; the
// folder is "src/" by default, or "" when SUMMARY.md is at the top.
func (p *Package) bookToml() (title, srcDir string) {
	srcDir = "src/"
	if _, ok := slices.BinarySearch(p.src.paths(), p.prefix+"SUMMARY.md"); ok {
		srcDir = ""
	}
	data, err := p.read("book.toml", 64<<10)
	if err != nil {
		return "", srcDir
	}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		if section != "[book]" {
			continue
		}
		if m := tomlTitle.FindStringSubmatch(line); m != nil {
			title = strings.ReplaceAll(m[1], `\"`, `"`)
		}
		if m := tomlSrc.FindStringSubmatch(line); m != nil {
			if dir, err := packagePath("", m[1]); err == nil {
				srcDir = dir + "/"
			}
		}
	}
	return title, srcDir
}

// parseSummary reads the links of SUMMARY.md with their nesting.
func parseSummary(data []byte) ([]summaryEntry, error) {
	var out []summaryEntry
	indents := []int{} // indentation of each open list level
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		raw := strings.ReplaceAll(sc.Text(), "\t", "    ")
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") || strings.Trim(line, "-") == "" {
			continue
		}
		listed := false
		if rest, ok := cutBullet(line); ok {
			listed, line = true, rest
			// Strip a leading number some books use ("1. ") handled by cutBullet.
		}
		m := summaryLink.FindStringSubmatch(line)
		if m == nil {
			return nil, inflow.Errorf(inflow.EINVALID, "line %d: expected a link like [Title](file.md), found %q", n, truncate(line, 60))
		}
		depth := 0
		if listed {
			indent := len(raw) - len(strings.TrimLeftFunc(raw, unicode.IsSpace))
			for len(indents) > 0 && indents[len(indents)-1] > indent {
				indents = indents[:len(indents)-1]
			}
			if len(indents) == 0 || indents[len(indents)-1] < indent {
				indents = append(indents, indent)
			}
			depth = len(indents) - 1
		}
		title := strings.TrimSpace(m[1])
		if title == "" {
			return nil, inflow.Errorf(inflow.EINVALID, "line %d: a chapter needs a title", n)
		}
		file := strings.TrimSpace(m[2])
		if file != "" {
			if _, err := packagePath("", file); err != nil {
				return nil, inflow.Errorf(inflow.EINVALID, "line %d: %s", n, inflow.ErrorMessage(err))
			}
		}
		out = append(out, summaryEntry{title: title, file: file, depth: depth, listed: listed})
		if len(out) > course.MaxLessons {
			return nil, inflow.Errorf(inflow.ETOOLARGE, "more than %d chapters", course.MaxLessons)
		}
	}
	return out, sc.Err()
}

// cutBullet removes a list marker ("- ", "* ", "1. ").
func cutBullet(line string) (string, bool) {
	for _, b := range []string{"- ", "* ", "+ "} {
		if rest, ok := strings.CutPrefix(line, b); ok {
			return strings.TrimSpace(rest), true
		}
	}
	if i := strings.Index(line, ". "); i > 0 && strings.Trim(line[:i], "0123456789") == "" {
		return strings.TrimSpace(line[i+2:]), true
	}
	return line, false
}

// bookTitle is SUMMARY.md's first heading other than "Summary", or "Book".
func bookTitle(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if t, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "# "); ok && !strings.EqualFold(strings.TrimSpace(t), "summary") {
			return strings.TrimSpace(t)
		}
	}
	return "Book"
}

// slug makes an id from text: letters and digits kept, the rest '-';
// lower-cased for course ids.
func slug(s string, lower bool) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "book"
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// finishBook sets what only the resolved content tells: each lesson's
// minutes (200 words a minute, at least one), the course's total, and, when
// no version was given, a version that is a digest of the content, so a
// changed book is a new version and an unchanged one is not.
func finishBook(m *course.Manifest, versionGiven bool) error {
	total := 0
	for i := range m.Modules {
		for j := range m.Modules[i].Lessons {
			l := &m.Modules[i].Lessons[j]
			words := 0
			l.Texts(func(_ *course.Block, md string) { words += len(strings.Fields(md)) })
			l.Minutes = max(1, (words+199)/200)
			total += l.Minutes
		}
	}
	m.Minutes = total
	if versionGiven {
		return nil
	}
	m.Version = ""
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	m.Version = hex.EncodeToString(sum[:6])
	return nil
}
