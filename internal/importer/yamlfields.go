package importer

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// yamlField is one key of a YAML mapping with its value.
type yamlField struct {
	key   string
	line  int // the key's line in the file
	value *yaml.Node
}

// yamlDoc reads a YAML mapping strictly: keys must be known, values must
// have the expected shape, and every problem names its line in the file.
type yamlDoc struct {
	offset int    // added to YAML line numbers to get file line numbers
	prefix string // starts every message, e.g. "front matter: "
}

// errf returns a problem on a YAML line (0: none), in file lines.
func (d yamlDoc) errf(line int, format string, args ...any) *problem {
	if line > 0 {
		line += d.offset
	}
	return problemf(line, "%s%s", d.prefix, fmt.Sprintf(format, args...))
}

// parse parses text, which must be a YAML mapping (or empty), and returns
// its fields in order. Keys must be in allowed and may appear once.
func (d yamlDoc) parse(text string, allowed []string) (fields []yamlField, err error) {
	var doc yaml.Node
	if err := safeUnmarshal([]byte(text), &doc); err != nil {
		line, msg := splitYAMLError(err)
		if last := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1; line > last {
			line = last
		}
		return nil, d.errf(line, "%s", msg)
	}
	if doc.Kind == 0 {
		return nil, nil // empty, or only comments
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, d.errf(doc.Line, "must be a mapping of keys to values")
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil
	}
	return d.mapping(root, "", allowed)
}

// mapping returns the fields of a mapping node; what names the node in
// messages ("" for the document, "source" for a nested mapping).
func (d yamlDoc) mapping(n *yaml.Node, what string, allowed []string) ([]yamlField, error) {
	if n.Kind != yaml.MappingNode {
		if what == "" {
			return nil, d.errf(n.Line, "must be a mapping of keys to values, like \"title: Hello\"")
		}
		return nil, d.errf(n.Line, "%s must be a mapping with keys %s", what, strings.Join(allowed, ", "))
	}
	fields := make([]yamlField, 0, len(n.Content)/2)
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			return nil, d.errf(k.Line, "keys must be plain words")
		}
		key := k.Value
		if what != "" {
			key = what + "." + key
		}
		if !contains(allowed, k.Value) {
			msg := fmt.Sprintf("unknown key %q", key)
			if s := suggest(k.Value, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, d.errf(k.Line, "%s", msg)
		}
		if prev, ok := seen[k.Value]; ok {
			return nil, d.errf(k.Line, "key %q appears twice (first on line %d)", key, prev+d.offset)
		}
		seen[k.Value] = k.Line
		if v.Kind == yaml.AliasNode {
			return nil, d.errf(v.Line, "%s: aliases (*name) are not supported", key)
		}
		fields = append(fields, yamlField{key: key, line: k.Line + d.offset, value: v})
	}
	return fields, nil
}

// fileErr returns a problem on a file line already offset.
func (d yamlDoc) fieldErr(f yamlField, format string, args ...any) *problem {
	return problemf(f.line, "%s%s", d.prefix, fmt.Sprintf(format, args...))
}

// text returns a scalar field's value. A null value ("key:" or "~") gives
// "", as does empty text, so the field takes its default.
func (d yamlDoc) text(f yamlField) (string, error) {
	v := f.value
	if v.Kind != yaml.ScalarNode {
		return "", d.fieldErr(f, "%s must be text, not a %s%s", f.key, kindName(v), quoteHint(v))
	}
	switch v.ShortTag() {
	case "!!null":
		return "", nil
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
		return v.Value, nil
	}
	return "", d.fieldErr(f, "%s must be text, not %s", f.key, v.ShortTag())
}

// list returns a sequence field's values, each collapsed to one line and
// none empty. A null value or empty text gives nil.
func (d yamlDoc) list(f yamlField) ([]string, error) {
	v := f.value
	if isEmptyNode(v) {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, d.fieldErr(f, "%s must be a list, like [a, b] or lines starting with \"- \"", f.key)
	}
	out := make([]string, 0, len(v.Content))
	for i, e := range v.Content {
		line := e.Line + d.offset
		if e.Kind != yaml.ScalarNode {
			return nil, problemf(line, "%s%s[%d] must be text, not a %s%s", d.prefix, f.key, i, kindName(e), quoteHint(e))
		}
		switch e.ShortTag() {
		case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
		default:
			return nil, problemf(line, "%s%s[%d] must be text", d.prefix, f.key, i)
		}
		s := collapseSpace(e.Value)
		if s == "" {
			return nil, problemf(line, "%s%s[%d] is empty", d.prefix, f.key, i)
		}
		out = append(out, s)
	}
	return out, nil
}

// sourceKeys are the keys of a source mapping.
var sourceKeys = []string{"name", "url", "license", "author"}

// source returns a source mapping's fields; unset ones are "". The URL,
// when set, must be an http or https URL.
func (d yamlDoc) source(f yamlField) (inflow.Source, error) {
	var s inflow.Source
	if isEmptyNode(f.value) {
		return s, nil
	}
	fields, err := d.mapping(f.value, f.key, sourceKeys)
	if err != nil {
		return s, err
	}
	for _, sf := range fields {
		v, err := d.text(sf)
		if err != nil {
			return s, err
		}
		v = collapseSpace(v)
		switch strings.TrimPrefix(sf.key, f.key+".") {
		case "name":
			s.Name = v
		case "url":
			if v != "" && !isWebURL(v) {
				return s, d.fieldErr(sf, "%s %q is not an http or https URL", sf.key, v)
			}
			s.URL = v
		case "license":
			s.License = v
		case "author":
			s.Author = v
		}
	}
	return s, nil
}

// safeUnmarshal is yaml.Unmarshal that turns a panic in the YAML parser into
// an error, so hostile input cannot crash the importer even if the parser
// has a bug.
func safeUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse: %v", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

// splitYAMLError splits "yaml: line 3: message" into 3 and "message".
// yaml.v3 counts lines from 0 in parser errors (not in scanner errors), so
// those are moved down one line; the result can still be off by a line for
// errors found only at the end of the text, which the caller clamps.
func splitYAMLError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil && n > 0 {
				line, msg = n, rest[i+2:]
			}
		}
	}
	if line > 0 && isYAMLParserError(msg) {
		line++
	}
	return line, msg
}

// isYAMLParserError reports whether msg is one of the yaml.v3 parser's
// (rather than its scanner's) messages.
func isYAMLParserError(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected key", "did not find expected node content",
		"found incompatible YAML document", "found duplicate %YAML directive",
		"found duplicate %TAG directive":
		return true
	}
	return false
}

// isEmptyNode reports whether a value is null or empty text, which leaves
// a field unset.
func isEmptyNode(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!null":
		return true
	case "!!str":
		return strings.TrimSpace(n.Value) == ""
	}
	return false
}

// quoteHint explains the usual cause of a mapping where text was meant:
// an unquoted ": " inside the text.
func quoteHint(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		return ` (put text that holds ": " in quotes)`
	}
	return ""
}

// kindName names a node's kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// suggest returns the allowed key closest to key if it is a likely typo
// (same letters in another case, or at most two edits away), else "".
func suggest(key string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		if strings.EqualFold(a, key) {
			return a
		}
		if d := editDistance(strings.ToLower(key), a, bestDist); d < bestDist {
			best, bestDist = a, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, or max when it
// is max or more (long keys are not compared in full).
func editDistance(a, b string, max int) int {
	if len(a) > 64 || len(b) > 64 {
		return max
	}
	if d := len(a) - len(b); d >= max || -d >= max {
		return max
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max)
}
