package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Manifest file names, in the order an importer looks for them.
const (
	ManifestJSON = "course.json"
	ManifestYAML = "course.yaml"
)

// Parse reads a manifest, JSON or YAML (the name decides: ".yaml" or
// ".yml" is YAML), and validates it. Unknown fields are errors, so a typo
// ("lesons") is reported instead of silently dropping a module's lessons.
// Every error has code invalid (too large: too_large) and names the file
// and the place in it.
func Parse(name string, data []byte) (*Manifest, error) {
	if len(data) > MaxManifestBytes {
		return nil, inflow.Errorf(inflow.ETOOLARGE, "%s: the manifest is larger than %d MiB", name, MaxManifestBytes>>20)
	}
	if isYAML(name) {
		var err error
		if data, err = yamlToJSON(data); err != nil {
			return nil, inflow.Errorf(inflow.EINVALID, "%s: %v", name, err)
		}
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%s: %s", name, jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, inflow.Errorf(inflow.EINVALID, "%s: text after the manifest", name)
	}
	if err := m.Validate(); err != nil {
		return nil, inflow.Errorf(inflow.ErrorCode(err), "%s: %s", name, inflow.ErrorMessage(err))
	}
	return &m, nil
}

func isYAML(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")
}

// yamlToJSON converts one YAML document to JSON, so both formats share
// the strict JSON decoding. yaml.v3 bounds alias expansion ("billion
// laughs"); maps with keys that are not strings are refused.
func yamlToJSON(data []byte) ([]byte, error) {
	var v any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the manifest is empty")
		}
		return nil, fmt.Errorf("not valid YAML: %v", err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one YAML document; a manifest is one")
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("not a manifest: %v", err)
	}
	return out, nil
}

// jsonProblem phrases a decoding error for an author.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON at byte %d: %v", se.Offset, err)
	case errors.As(err, &te):
		return fmt.Sprintf("%s must be %s, not %s", te.Field, kindOf(te.Type.Kind().String()), te.Value)
	case errors.Is(err, io.EOF):
		return "the manifest is empty"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func kindOf(k string) string {
	switch k {
	case "int", "int64":
		return "a whole number"
	case "slice":
		return "a list"
	case "struct", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a " + k
}
