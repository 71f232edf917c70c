package course

import (
	"path"
	"slices"
	"strings"
)

// Media kinds a block source can be.
const (
	MediaImage    = "image"
	MediaAudio    = "audio"
	MediaVideo    = "video"
	MediaMarkdown = "markdown"
)

// mediaTypes maps the extensions the player can show to media types. SVG
// is left out on purpose: it can carry script.
var mediaTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg", ".m4a": "audio/mp4", ".wav": "audio/wav",
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg",
	".md": "text/markdown", ".markdown": "text/markdown",
}

// MediaType is the media type of a file by its extension, or "" if the
// player cannot show it.
func MediaType(p string) string { return mediaTypes[strings.ToLower(path.Ext(p))] }

// MediaKind is "image", "audio", "video", "markdown" or "".
func MediaKind(p string) string {
	t := MediaType(p)
	switch {
	case t == "text/markdown":
		return MediaMarkdown
	case t == "":
		return ""
	}
	return t[:strings.IndexByte(t, '/')]
}

// mediaOf is the kind of file a block type's src must be.
func mediaOf(t BlockType) string {
	switch t {
	case BlockImage:
		return MediaImage
	case BlockAudio:
		return MediaAudio
	case BlockVideo:
		return MediaVideo
	case BlockText, BlockExercise, BlockCase:
		return MediaMarkdown
	}
	return ""
}

// mediaExtensions lists the extensions of a kind, for error messages.
func mediaExtensions(kind string) string {
	var out []string
	for ext := range mediaTypes {
		if MediaKind("x"+ext) == kind {
			out = append(out, ext)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
