package course

// FormatVersion is the manifest format this build reads. A manifest with a
// higher "format" is refused with a clear error rather than half-read.
const FormatVersion = 1

// Manifest describes one version of a course.
type Manifest struct {
	Format      int      `json:"format"`
	ID          string   `json:"id"`      // stable across versions: lowercase letters, digits, '-', '_', '.', '/'
	Version     string   `json:"version"` // any text; a new version is a new string
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Language    string   `json:"language,omitempty"` // BCP 47, "en" if empty
	Minutes     int      `json:"minutes,omitempty"`  // estimated time to take it
	Topics      []string `json:"topics,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Modules     []Module `json:"modules"`
	// Files lists every file a block uses, by path inside the package and
	// SHA-256. Importers fill it in from the blocks when authors leave it
	// out; a published package always carries it.
	Files []File `json:"files,omitempty"`
}

// Module groups lessons, e.g. a week or a chapter.
type Module struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Lessons []Lesson `json:"lessons"`
}

// Lesson is what a learner takes in one sitting.
type Lesson struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Minutes int    `json:"minutes,omitempty"`
	// KeyPoints are the lesson's takeaways; each becomes a review card.
	KeyPoints []string `json:"keyPoints,omitempty"`
	Blocks    []Block  `json:"blocks"`
}

// BlockType names what a block shows.
type BlockType string

// Block types.
const (
	BlockText     BlockType = "text"     // Markdown, inline or from a file
	BlockImage    BlockType = "image"    // Src, Alt required
	BlockAudio    BlockType = "audio"    // Src
	BlockVideo    BlockType = "video"    // Src
	BlockQuiz     BlockType = "quiz"     // Question
	BlockExercise BlockType = "exercise" // Markdown task; Solution optional
	BlockCase     BlockType = "case"     // a case study: Markdown, questions to think about in Prompts
)

// Block is one part of a lesson.
type Block struct {
	ID   string    `json:"id"`
	Type BlockType `json:"type"`
	// Title heads exercises and case studies.
	Title string `json:"title,omitempty"`
	// Markdown is the text of text, exercise and case blocks; Src may name
	// a Markdown file instead.
	Markdown string `json:"markdown,omitempty"`
	// Src is a file of the package: the media of image, audio and video
	// blocks, or the Markdown of a text, exercise or case block.
	Src     string `json:"src,omitempty"`
	Alt     string `json:"alt,omitempty"`     // image description, required for images
	Caption string `json:"caption,omitempty"` // shown under media
	// Solution is an exercise's worked answer, shown on request.
	Solution string `json:"solution,omitempty"`
	// Prompts are a case study's questions to reflect on.
	Prompts  []string  `json:"prompts,omitempty"`
	Question *Question `json:"question,omitempty"`
}

// QuestionKind is how a quiz question is answered.
type QuestionKind string

// Question kinds.
const (
	SingleChoice   QuestionKind = "single"   // exactly one correct choice
	MultipleChoice QuestionKind = "multiple" // one or more correct choices; all must be picked
	ShortAnswer    QuestionKind = "short"    // typed; matched against Accepted
)

// Question is a quiz question.
type Question struct {
	Kind    QuestionKind `json:"kind"`
	Prompt  string       `json:"prompt"`
	Choices []Choice     `json:"choices,omitempty"`
	// Accepted are the answers a short-answer question takes, compared
	// case- and space-insensitively.
	Accepted []string `json:"accepted,omitempty"`
	// Feedback is shown after any answer; Correct/Incorrect after those.
	Feedback  string `json:"feedback,omitempty"`
	Correct   string `json:"correctFeedback,omitempty"`
	Incorrect string `json:"incorrectFeedback,omitempty"`
	// Remember makes the question a review card (default true).
	Remember *bool `json:"remember,omitempty"`
}

// Choice is one option of a choice question.
type Choice struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Correct  bool   `json:"correct,omitempty"`
	Feedback string `json:"feedback,omitempty"` // shown when this choice is picked
}

// File is one file of a package, named by its content.
type File struct {
	Path   string `json:"path"`   // slash-separated, relative to the package root
	SHA256 string `json:"sha256"` // lowercase hex
	Size   int64  `json:"size"`
	Type   string `json:"type,omitempty"` // media type, e.g. "image/png"
}

// Remembered reports whether a question becomes a review card.
func (q *Question) Remembered() bool { return q.Remember == nil || *q.Remember }

// Lessons counts the lessons of all modules.
func (m *Manifest) Lessons() int {
	n := 0
	for _, mod := range m.Modules {
		n += len(mod.Lessons)
	}
	return n
}

// File returns the file at a path, if the manifest lists it.
func (m *Manifest) File(path string) (File, bool) {
	for _, f := range m.Files {
		if f.Path == path {
			return f, true
		}
	}
	return File{}, false
}

// TotalSize is the bytes of all files.
func (m *Manifest) TotalSize() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}
