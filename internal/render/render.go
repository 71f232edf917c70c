package render

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Renderer converts Markdown to sanitised HTML and to plain text. Build one
// with New and reuse it: it is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	bufs   sync.Pool // *bytes.Buffer
}

var (
	// reLanguageClass is the only class allowed, on code elements.
	reLanguageClass = regexp.MustCompile(`^language-[\w+-]+$`)
	// reLinkHref allows absolute http, https and mailto links only; http(s)
	// needs a host (no userinfo), since "http:" alone resolves against the
	// app's own origin.
	reLinkHref = regexp.MustCompile(`^(?:(?i:https?)://[^/\\?#@:\s][^/\\?#@\s]*(?:[/?#]|$)|(?i:mailto):)`)
	// reImageSrc allows absolute http(s) URLs with a host, and relative
	// paths that are not protocol-relative (//host, also after leading
	// space), have no colon in the first segment (so no scheme) and hold no
	// backslash, which browsers treat as a slash. bluemonday also checks the
	// scheme after parsing.
	reImageSrc = regexp.MustCompile(`^(?:(?i:https?)://[^/\\?#@:\s][^/\\?#@\s]*(?:[/?#]|$)|/?[^/\\:?#\s][^/\\:?#]*(?:[/?#][^\\]*)?$)`)
)

// New builds a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
		),
		goldmark.WithRendererOptions(
			// Lower numbers win: this replaces the <input> checkbox of the
			// task-list extension (priority 500).
			renderer.WithNodeRenderers(util.Prioritized(checkBoxRenderer{}, 100)),
		),
	)
	return &Renderer{md: md, policy: newPolicy()}
}

// newPolicy is the allow-list described in the package documentation.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "hr", "blockquote", "pre",
		"h1", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li",
		"table", "thead", "tbody", "tr", "th", "td",
		"em", "strong", "del", "code",
	)
	p.AllowAttrs("class").Matching(reLanguageClass).OnElements("code")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(?:left|right|center)$`)).OnElements("th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")

	p.AllowAttrs("href").Matching(reLinkHref).OnElements("a")
	p.AllowAttrs("title").OnElements("a", "img")
	p.AllowAttrs("src").Matching(reImageSrc).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")

	// URL attributes must parse; absolute ones must use these schemes.
	// Relative URLs pass here but the href pattern above refuses them.
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	// Every kept link gets rel="nofollow noreferrer"; HTML (below) turns
	// that into rel="noopener nofollow noreferrer".
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	return p
}

var defaultRenderer = sync.OnceValue(New)

// Markdown converts an item's Markdown body to sanitised HTML using a shared
// Renderer. It returns an ETOOLARGE error for a body over inflow.MaxBodyLen.
func Markdown(src string) (string, error) { return defaultRenderer().HTML(src) }

// PlainText strips Markdown to plain text for the search index, using a
// shared Renderer; see Renderer.PlainText.
func PlainText(md string) string { return defaultRenderer().PlainText(md) }

// HTML converts Markdown to sanitised HTML. Invalid UTF-8 is replaced with
// U+FFFD. It returns an ETOOLARGE error for input over inflow.MaxBodyLen.
func (r *Renderer) HTML(src string) (string, error) {
	if len(src) > inflow.MaxBodyLen {
		return "", inflow.Errorf(inflow.ETOOLARGE, "markdown is larger than %d bytes", inflow.MaxBodyLen)
	}
	src = harden(strings.ToValidUTF8(src, "\uFFFD"))
	raw := r.buffer()
	defer r.bufs.Put(raw)
	if err := r.md.Convert([]byte(src), raw); err != nil {
		return "", inflow.Errorf(inflow.EINTERNAL, "render markdown: %v", err)
	}
	out := r.buffer()
	defer r.bufs.Put(out)
	out.Grow(raw.Len())
	if err := r.policy.SanitizeReaderToWriter(raw, out); err != nil {
		return "", inflow.Errorf(inflow.EINTERNAL, "sanitise html: %v", err)
	}
	// bluemonday writes exactly this rel on every link it keeps and escapes
	// quotes in text and other attribute values, so the bytes can only be
	// that attribute. noreferrer implies noopener in browsers; spelling it
	// out costs nothing and reads clearly in the output.
	return strings.ReplaceAll(out.String(), relSanitised, relWanted), nil
}

const (
	relSanitised = ` rel="nofollow noreferrer"`
	relWanted    = ` rel="noopener nofollow noreferrer"`
)

func (r *Renderer) buffer() *bytes.Buffer {
	if b, ok := r.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// checkBoxRenderer renders task-list boxes as ☐ and ☑ instead of <input>.
type checkBoxRenderer struct{}

func (checkBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if n.(*extast.TaskCheckBox).IsChecked {
				_, _ = w.WriteString("\u2611 ")
			} else {
				_, _ = w.WriteString("\u2610 ")
			}
		}
		return ast.WalkContinue, nil
	})
}
