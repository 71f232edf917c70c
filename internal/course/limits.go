package course

// Limits a manifest must keep, so a hostile package cannot exhaust memory
// or make the player crawl. Generous for real courses: a 40-hour course
// has a few hundred lessons.
const (
	MaxManifestBytes = 4 << 20   // the manifest file itself
	MaxModules       = 200       // modules per course
	MaxLessons       = 2000      // lessons per course
	MaxBlocks        = 500       // blocks per lesson
	MaxFiles         = 10_000    // files per package
	MaxFileBytes     = 2 << 30   // one file (a long video)
	MaxPackageBytes  = 16 << 30  // all files of one version
	MaxTextBytes     = 256 << 10 // one inline Markdown text, solution or file of Markdown
	MaxTitleRunes    = 300       // titles, prompts, choices, answers
	MaxDescription   = 8 << 10   // the course description, in bytes
	MaxChoices       = 20        // choices of a question
	MaxAccepted      = 50        // accepted answers of a short-answer question
	MaxKeyPoints     = 50        // key points of a lesson
	MaxPathBytes     = 255       // a file path inside the package
)
