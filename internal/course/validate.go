package course

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/inflow"
)

var (
	courseIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]{0,127}$`)
	partIDPattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	hashPattern     = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Normalize fills in what authors may leave out: the format, the language,
// and block ids ("b1", "b2", ... by position), and trims titles.
func (m *Manifest) Normalize() {
	if m.Format == 0 {
		m.Format = FormatVersion
	}
	if m.Language == "" {
		m.Language = "en"
	}
	m.Title = strings.TrimSpace(m.Title)
	for i := range m.Modules {
		mod := &m.Modules[i]
		mod.Title = strings.TrimSpace(mod.Title)
		for j := range mod.Lessons {
			l := &mod.Lessons[j]
			l.Title = strings.TrimSpace(l.Title)
			for k := range l.Blocks {
				if l.Blocks[k].ID == "" {
					l.Blocks[k].ID = fmt.Sprintf("b%d", k+1)
				}
			}
		}
	}
}

// Validate reports the first rule the manifest breaks, naming where:
// `module "basics", lesson "intro", block 3 (quiz): ...`. It normalises
// first. Whether every source is in Files is RequireFiles' question: an
// author's manifest may list some files or none.
func (m *Manifest) Validate() error {
	m.Normalize()
	switch {
	case m.Format > FormatVersion:
		return invalid("", "format %d is newer than this Inflow reads (%d); update Inflow", m.Format, FormatVersion)
	case m.Format < 0:
		return invalid("", "format must be %d", FormatVersion)
	case !courseIDPattern.MatchString(m.ID):
		return invalid("", "id %q must be 1-128 lowercase letters, digits, '.', '_', '-' or '/', starting with a letter or digit", m.ID)
	case strings.Contains(m.ID, "..") || strings.HasSuffix(m.ID, "/"):
		return invalid("", "id %q must not contain '..' or end with '/'", m.ID)
	case strings.TrimSpace(m.Version) == "" || len(m.Version) > 64 || !printable(m.Version):
		return invalid("", "version must be 1-64 printable characters")
	case len(m.Description) > MaxDescription:
		return tooLarge("", "description is longer than %d KiB", MaxDescription>>10)
	case m.Minutes < 0 || m.Minutes > 100_000:
		return invalid("", "minutes must be between 0 and 100000")
	case len(m.Modules) == 0:
		return invalid("", "a course needs at least one module")
	case len(m.Modules) > MaxModules:
		return tooLarge("", "more than %d modules", MaxModules)
	case m.Lessons() > MaxLessons:
		return tooLarge("", "more than %d lessons", MaxLessons)
	case len(m.Files) > MaxFiles:
		return tooLarge("", "more than %d files", MaxFiles)
	}
	if err := checkText("", "title", m.Title, true); err != nil {
		return err
	}
	for _, l := range [][]string{m.Topics, m.Tags} {
		for _, t := range l {
			if err := checkText("", "topic or tag", t, true); err != nil {
				return err
			}
		}
	}
	if err := m.checkFiles(); err != nil {
		return err
	}
	modIDs, lessonIDs := map[string]bool{}, map[string]bool{}
	for i := range m.Modules {
		mod := &m.Modules[i]
		where := fmt.Sprintf("module %d", i+1)
		if !partIDPattern.MatchString(mod.ID) {
			return invalid(where, "id %q must be 1-64 letters, digits, '.', '_' or '-'", mod.ID)
		}
		where = fmt.Sprintf("module %q", mod.ID)
		if modIDs[mod.ID] {
			return invalid(where, "two modules have this id")
		}
		modIDs[mod.ID] = true
		if err := checkText(where, "title", mod.Title, true); err != nil {
			return err
		}
		if len(mod.Lessons) == 0 {
			return invalid(where, "a module needs at least one lesson")
		}
		for j := range mod.Lessons {
			l := &mod.Lessons[j]
			lw := fmt.Sprintf("%s, lesson %d", where, j+1)
			if !partIDPattern.MatchString(l.ID) {
				return invalid(lw, "id %q must be 1-64 letters, digits, '.', '_' or '-'", l.ID)
			}
			lw = fmt.Sprintf("%s, lesson %q", where, l.ID)
			if lessonIDs[l.ID] {
				return invalid(lw, "two lessons have this id; lesson ids are unique in a course")
			}
			lessonIDs[l.ID] = true
			if err := l.check(lw); err != nil {
				return err
			}
		}
	}
	return nil
}

// check validates a lesson and its blocks.
func (l *Lesson) check(where string) error {
	if err := checkText(where, "title", l.Title, true); err != nil {
		return err
	}
	switch {
	case l.Minutes < 0 || l.Minutes > 10_000:
		return invalid(where, "minutes must be between 0 and 10000")
	case len(l.Blocks) == 0:
		return invalid(where, "a lesson needs at least one block")
	case len(l.Blocks) > MaxBlocks:
		return tooLarge(where, "more than %d blocks", MaxBlocks)
	case len(l.KeyPoints) > MaxKeyPoints:
		return tooLarge(where, "more than %d key points", MaxKeyPoints)
	}
	for _, kp := range l.KeyPoints {
		if err := checkLong(where, "key point", kp, true); err != nil {
			return err
		}
	}
	ids := map[string]bool{}
	for k := range l.Blocks {
		b := &l.Blocks[k]
		bw := fmt.Sprintf("%s, block %d (%s)", where, k+1, b.Type)
		if !partIDPattern.MatchString(b.ID) {
			return invalid(bw, "id %q must be 1-64 letters, digits, '.', '_' or '-'", b.ID)
		}
		if ids[b.ID] {
			return invalid(bw, "two blocks of the lesson have the id %q", b.ID)
		}
		ids[b.ID] = true
		if err := b.check(bw); err != nil {
			return err
		}
	}
	return nil
}

// check validates one block by its type.
func (b *Block) check(where string) error {
	if err := checkText(where, "title", b.Title, false); err != nil {
		return err
	}
	if err := checkText(where, "caption", b.Caption, false); err != nil {
		return err
	}
	if len(b.Markdown) > MaxTextBytes || len(b.Solution) > MaxTextBytes {
		return tooLarge(where, "text longer than %d KiB", MaxTextBytes>>10)
	}
	if !utf8.ValidString(b.Markdown) || !utf8.ValidString(b.Solution) {
		return invalid(where, "text is not UTF-8")
	}
	if b.Src != "" {
		if err := checkPath(b.Src); err != nil {
			return invalid(where, "src: %v", err)
		}
		if want := mediaOf(b.Type); want != "" && MediaKind(b.Src) != want {
			return invalid(where, "src %q is not %s (%s)", b.Src, want, mediaExtensions(want))
		}
	}
	if b.Type != BlockQuiz && b.Question != nil {
		return invalid(where, "only quiz blocks have a question")
	}
	switch b.Type {
	case BlockText, BlockExercise, BlockCase:
		if strings.TrimSpace(b.Markdown) == "" && b.Src == "" {
			return invalid(where, "needs markdown text or a src Markdown file")
		}
		if b.Markdown != "" && b.Src != "" {
			return invalid(where, "has both markdown and src; give one")
		}
	case BlockImage:
		if b.Src == "" || strings.TrimSpace(b.Alt) == "" {
			return invalid(where, "an image needs src and alt (a description for those who cannot see it)")
		}
	case BlockAudio, BlockVideo:
		if b.Src == "" {
			return invalid(where, "needs src")
		}
	case BlockQuiz:
		if b.Question == nil {
			return invalid(where, "a quiz block needs a question")
		}
		return b.Question.check(where)
	default:
		return invalid(where, "unknown block type %q (text, image, audio, video, quiz, exercise, case)", b.Type)
	}
	for _, p := range b.Prompts {
		if err := checkLong(where, "prompt", p, true); err != nil {
			return err
		}
	}
	if b.Type != BlockCase && len(b.Prompts) > 0 {
		return invalid(where, "only case studies have prompts")
	}
	return nil
}

// check validates a quiz question.
func (q *Question) check(where string) error {
	if err := checkLong(where, "prompt", q.Prompt, true); err != nil {
		return err
	}
	for _, f := range []string{q.Feedback, q.Correct, q.Incorrect} {
		if err := checkLong(where, "feedback", f, false); err != nil {
			return err
		}
	}
	switch q.Kind {
	case SingleChoice, MultipleChoice:
		if len(q.Accepted) > 0 {
			return invalid(where, "accepted answers are for short-answer questions")
		}
		if len(q.Choices) < 2 || len(q.Choices) > MaxChoices {
			return invalid(where, "a choice question needs 2-%d choices", MaxChoices)
		}
		ids, correct := map[string]bool{}, 0
		for i, c := range q.Choices {
			if !partIDPattern.MatchString(c.ID) {
				return invalid(where, "choice %d: id %q must be 1-64 letters, digits, '.', '_' or '-'", i+1, c.ID)
			}
			if ids[c.ID] {
				return invalid(where, "two choices have the id %q", c.ID)
			}
			ids[c.ID] = true
			if err := checkLong(where, "choice", c.Text, true); err != nil {
				return err
			}
			if err := checkLong(where, "feedback", c.Feedback, false); err != nil {
				return err
			}
			if c.Correct {
				correct++
			}
		}
		if q.Kind == SingleChoice && correct != 1 {
			return invalid(where, "a single-choice question needs exactly one correct choice, not %d", correct)
		}
		if q.Kind == MultipleChoice && correct == 0 {
			return invalid(where, "a multiple-choice question needs at least one correct choice")
		}
	case ShortAnswer:
		if len(q.Choices) > 0 {
			return invalid(where, "a short-answer question has accepted answers, not choices")
		}
		if len(q.Accepted) == 0 || len(q.Accepted) > MaxAccepted {
			return invalid(where, "a short-answer question needs 1-%d accepted answers", MaxAccepted)
		}
		for _, a := range q.Accepted {
			if err := checkText(where, "accepted answer", a, true); err != nil {
				return err
			}
		}
	default:
		return invalid(where, "unknown question kind %q (single, multiple, short)", q.Kind)
	}
	return nil
}

// checkFiles validates the file list.
func (m *Manifest) checkFiles() error {
	files := make(map[string]File, len(m.Files))
	var total int64
	for i, f := range m.Files {
		where := fmt.Sprintf("file %d", i+1)
		if err := checkPath(f.Path); err != nil {
			return invalid(where, "path: %v", err)
		}
		where = fmt.Sprintf("file %q", f.Path)
		switch {
		case files[f.Path] != File{}:
			return invalid(where, "listed twice")
		case !hashPattern.MatchString(f.SHA256):
			return invalid(where, "sha256 must be 64 lowercase hex digits")
		case f.Size < 0:
			return invalid(where, "size must not be negative")
		case f.Size > MaxFileBytes:
			return tooLarge(where, "larger than %d GiB", MaxFileBytes>>30)
		case len(f.Type) > 100 || !printable(f.Type):
			return invalid(where, "type is not a media type")
		}
		files[f.Path] = f
		total += f.Size
		if total > MaxPackageBytes {
			return tooLarge("", "the files add up to more than %d GiB", MaxPackageBytes>>30)
		}
	}
	return nil
}

// RequireFiles reports a block whose source is not in Files: a package
// to download or install must list every file it uses.
func (m *Manifest) RequireFiles() error {
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	for _, mod := range m.Modules {
		for _, l := range mod.Lessons {
			for _, b := range l.Blocks {
				if b.Src != "" && !listed[b.Src] {
					return invalid(fmt.Sprintf("lesson %q, block %q", l.ID, b.ID), "src %q is not in the package's file list", b.Src)
				}
			}
			var missing error
			l.Texts(func(b *Block, md string) {
				for _, ref := range ImageRefs(md) {
					if missing == nil && !listed[ref] {
						missing = invalid(fmt.Sprintf("lesson %q, block %q", l.ID, b.ID), "image %q is not in the package's file list", ref)
					}
				}
			})
			if missing != nil {
				return missing
			}
		}
	}
	return nil
}

// checkPath accepts a clean, relative, slash-separated path inside the
// package: no "..", ".", empty or hidden-folder tricks, no backslashes,
// drive letters or control characters.
func checkPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("empty")
	case len(p) > MaxPathBytes:
		return fmt.Errorf("longer than %d bytes", MaxPathBytes)
	case !utf8.ValidString(p):
		return fmt.Errorf("%q is not UTF-8", p)
	case strings.ContainsAny(p, `\:`):
		return fmt.Errorf("%q: use '/' between folders, and no ':'", p)
	case !fs.ValidPath(p) || p == "." || path.Clean(p) != p:
		return fmt.Errorf("%q must be a relative path inside the package, without '..' or '.'", p)
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return fmt.Errorf("%q holds a control character", p)
		}
	}
	return nil
}

// checkText checks a one-line text: UTF-8, at most MaxTitleRunes, no
// control characters; required ones must not be blank.
func checkText(where, what, s string, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return invalid(where, "%s is missing", what)
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxTitleRunes || !printable(s) {
		return invalid(where, "%s must be one line of at most %d characters", what, MaxTitleRunes)
	}
	return nil
}

// checkLong checks a text that may span lines (prompts, feedback).
func checkLong(where, what, s string, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return invalid(where, "%s is missing", what)
	}
	if len(s) > 16<<10 || !utf8.ValidString(s) {
		return invalid(where, "%s must be UTF-8 text of at most 16 KiB", what)
	}
	return nil
}

func printable(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func invalid(where, format string, args ...any) error {
	return located(inflow.EINVALID, where, format, args...)
}

func tooLarge(where, format string, args ...any) error {
	return located(inflow.ETOOLARGE, where, format, args...)
}

func located(code, where, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	return inflow.Errorf(code, "%s", msg)
}
