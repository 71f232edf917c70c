package render

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// PlainText strips Markdown to the words a person reads, for full-text
// indexing: heading markers, list bullets, emphasis markers, table pipes and
// code-fence lines go; link and image URLs go (their labels and alt text
// stay, and a bare autolink keeps its text); code stays as text. Raw HTML is
// dropped, as HTML rendering drops it. Entities and backslash escapes are
// resolved. Blocks are separated by a newline; blank lines are collapsed.
// Invalid UTF-8 is replaced with U+FFFD.
func (r *Renderer) PlainText(md string) string {
	if md == "" {
		return ""
	}
	md = harden(strings.ToValidUTF8(md, "\uFFFD"))
	src := []byte(md)
	doc := r.md.Parser().Parse(text.NewReader(src))

	b := r.buffer()
	defer r.bufs.Put(b)
	b.Grow(len(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Document:
		case *ast.Text:
			if entering {
				v := n.Value(src)
				if !n.IsRaw() {
					v = unescape(v)
				}
				b.Write(v)
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte('\n')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.AutoLink:
			if entering {
				b.Write(n.Label(src))
			}
		case *ast.RawHTML, *ast.HTMLBlock, *extast.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				newline(b)
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
				newline(b)
			}
			return ast.WalkSkipChildren, nil
		case *extast.TableCell:
			if !entering {
				b.WriteByte(' ')
			}
		default:
			if n.Type() == ast.TypeBlock {
				newline(b)
			}
		}
		return ast.WalkContinue, nil
	})
	return tidy(b.Bytes())
}

// unescape resolves backslash escapes and character references.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
	}
	return v
}

// newline ends the current line unless it is already ended.
func newline(b *bytes.Buffer) {
	if n := b.Len(); n > 0 && b.Bytes()[n-1] != '\n' {
		b.WriteByte('\n')
	}
}

// tidy trims trailing spaces from lines, drops blank lines and trims the
// ends.
func tidy(v []byte) string {
	var sb strings.Builder
	sb.Grow(len(v))
	for len(v) > 0 {
		line := v
		if i := bytes.IndexByte(v, '\n'); i >= 0 {
			line, v = v[:i], v[i+1:]
		} else {
			v = nil
		}
		line = bytes.TrimRight(line, " \t\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('\n')
		}
		sb.Write(line)
	}
	return sb.String()
}
