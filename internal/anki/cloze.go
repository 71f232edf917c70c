package anki

import (
	"slices"
	"strconv"
	"strings"
)

// Cloze deletions: {{c1::answer}}, {{c1::answer::hint}}, nested ones such
// as {{c1::a {{c2::b}} c}} and several numbers at once, {{c1,2::answer}}.
// The parser works on the field's HTML; the result goes through PlainText.

// maxClozeDepth bounds cloze nesting; deeper openings are kept as text, so
// hostile input cannot make rendering recurse without end.
const maxClozeDepth = 32

// clozeNode is a run of text or a cloze with its content.
type clozeNode struct {
	text     string      // for a text node
	ords     []int       // cloze numbers; nil for a text node
	children []clozeNode // the cloze's content
	hint     string
	hasHint  bool
}

// parseCloze splits s into text and clozes.
func parseCloze(s string) []clozeNode {
	type open struct {
		marker string // the opening "{{cN::", to restore an unclosed cloze
		node   clozeNode
	}
	var root []clozeNode
	var stack []open
	add := func(n clozeNode) {
		if len(stack) > 0 {
			top := &stack[len(stack)-1].node
			top.children = append(top.children, n)
		} else {
			root = append(root, n)
		}
	}
	addText := func(t string) {
		if t == "" {
			return
		}
		nodes := &root
		if len(stack) > 0 {
			nodes = &stack[len(stack)-1].node.children
		}
		if k := len(*nodes); k > 0 && (*nodes)[k-1].ords == nil {
			(*nodes)[k-1].text += t
			return
		}
		*nodes = append(*nodes, clozeNode{text: t})
	}
	// next finds sep at or after pos, reusing the last answer while it is
	// still ahead of pos, so scanning stays linear.
	next := func(cached *int, sep string, pos int) int {
		if *cached != -1 && *cached < pos {
			if k := strings.Index(s[pos:], sep); k < 0 {
				*cached = -1
			} else {
				*cached = pos + k
			}
		}
		return *cached
	}
	openAt, closeAt := -2, -2
	pos, textStart := 0, 0 // s[textStart:pos] is text not yet added
	for pos < len(s) {
		i := next(&openAt, "{{", pos)
		j := -1
		if len(stack) > 0 {
			j = next(&closeAt, "}}", pos)
		}
		if i < 0 && j < 0 {
			break
		}
		if j >= 0 && (i < 0 || j < i) {
			// Close the innermost cloze.
			addText(s[textStart:j])
			pos, textStart = j+2, j+2
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n := o.node
			if k := len(n.children); k > 0 && n.children[k-1].ords == nil {
				if before, hint, ok := strings.Cut(n.children[k-1].text, "::"); ok {
					n.children[k-1].text = before
					n.hint, n.hasHint = hint, true
				}
			}
			add(n)
			continue
		}
		ords, n := clozeOpening(s[i:])
		if n == 0 || len(stack) >= maxClozeDepth {
			pos = i + 1 // "{{" that opens no cloze is text
			continue
		}
		addText(s[textStart:i])
		stack = append(stack, open{marker: s[i : i+n], node: clozeNode{ords: ords}})
		pos, textStart = i+n, i+n
	}
	addText(s[textStart:])
	// Unclosed clozes are text: their marker followed by their content.
	for len(stack) > 0 {
		o := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		addText(o.marker)
		for _, c := range o.node.children {
			if c.ords == nil {
				addText(c.text)
			} else {
				add(c)
			}
		}
	}
	return root
}

// clozeOpening parses "{{c" digits ("," digits)* "::" at the start of s,
// returning the numbers and the length of the marker (0 if there is none).
func clozeOpening(s string) ([]int, int) {
	if !strings.HasPrefix(s, "{{c") && !strings.HasPrefix(s, "{{C") {
		return nil, 0
	}
	i := 3
	var ords []int
	for {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 6 {
			i++
		}
		if i == start {
			return nil, 0
		}
		n, _ := strconv.Atoi(s[start:i])
		ords = append(ords, n)
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		break
	}
	if !strings.HasPrefix(s[i:], "::") {
		return nil, 0
	}
	return ords, i + 2
}

// renderCloze returns s with cloze number active hidden as "[...]" (or its
// hint in brackets) and every other cloze replaced by its content. An active of 0
// reveals every cloze.
func renderCloze(s string, active int) string {
	var b strings.Builder
	writeCloze(&b, parseCloze(s), active)
	return b.String()
}

// writeCloze renders nodes into b.
func writeCloze(b *strings.Builder, nodes []clozeNode, active int) {
	for _, n := range nodes {
		switch {
		case n.ords == nil:
			b.WriteString(n.text)
		case active > 0 && slices.Contains(n.ords, active):
			b.WriteByte('[')
			if n.hasHint && strings.TrimSpace(n.hint) != "" {
				b.WriteString(n.hint)
			} else {
				b.WriteString("...")
			}
			b.WriteByte(']')
		default:
			writeCloze(b, n.children, active)
		}
	}
}
