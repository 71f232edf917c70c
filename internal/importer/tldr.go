package importer

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// tldr-pages facts used for every page.
const (
	tldrRepoURL     = "https://github.com/tldr-pages/tldr"
	tldrLicense     = "CC-BY-4.0"
	tldrAuthor      = "the tldr-pages authors"
	tldrSourceName  = "tldr-pages"
	tldrPackPrefix  = "tldr-pages."
	licenseFileName = "LICENSE.md"
)

// tldrLanguage returns the language of a tldr pages folder: "pages" is
// English, "pages.pt_BR" is "pt-BR". ok is false for any other folder.
func tldrLanguage(dir string) (lang string, ok bool) {
	if dir == "pages" {
		return "en", true
	}
	rest, ok := strings.CutPrefix(dir, "pages.")
	if !ok {
		return "", false
	}
	return normalizeLanguage(rest)
}

// splitTldrPath splits "pages.<lang>/<platform>/<name>.md"; ok is false for
// any other path, and for macOS "._" files.
func splitTldrPath(rel string) (lang, platform, name string, ok bool) {
	dir, rest, ok1 := strings.Cut(rel, "/")
	platform, file, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || strings.Contains(file, "/") || !isMarkdownName(file) || strings.HasPrefix(file, "._") {
		return "", "", "", false
	}
	if lang, ok = tldrLanguage(dir); !ok {
		return "", "", "", false
	}
	return lang, platform, file[:len(file)-3], true
}

// tldrPlatforms are the platform folders of tldr-pages. They are only
// used to recognise a tree that is itself a pages folder; under pages/ any
// folder is a platform.
var tldrPlatforms = []string{
	"android", "cisco-ios", "common", "dos", "freebsd", "linux", "netbsd",
	"openbsd", "osx", "sunos", "windows",
}

// tldrLayout says where a tree's tldr pages are: in pages and pages.<lang>
// folders under prefix ("" or "name/"), or, when lang is set, directly in
// the tree, which is itself the pages folder of that language.
type tldrLayout struct {
	prefix string
	lang   string
}

// page returns the language, platform and name of the page at path p, or
// ok false when p is not a page.
func (l tldrLayout) page(p string) (lang, platform, name string, ok bool) {
	rel, ok := strings.CutPrefix(p, l.prefix)
	if !ok {
		return "", "", "", false
	}
	if l.lang == "" {
		return splitTldrPath(rel)
	}
	platform, file, ok := strings.Cut(rel, "/")
	if !ok || strings.Contains(file, "/") || !isMarkdownName(file) || strings.HasPrefix(file, "._") {
		return "", "", "", false
	}
	return l.lang, platform, file[:len(file)-3], true
}

// tldrIn reports whether t holds tldr pages laid out as l. For a tree that
// is itself a pages folder, every visible file must be a page and at least
// one must be in a known platform folder, so an ordinary folder that
// happens to be called "pages" is not mistaken for one.
func tldrIn(t *tree, l tldrLayout) bool {
	found := false
	for _, f := range t.files {
		_, platform, _, ok := l.page(f.path)
		if l.lang == "" && ok {
			return true
		}
		if l.lang != "" && !f.hidden {
			if !ok {
				return false
			}
			found = found || contains(tldrPlatforms, platform)
		}
	}
	return found
}

// loadTldr reads the tldr pages of t laid out as l into one pack per
// language. Other files are ignored, except LICENSE.md next to the pages
// folders, which is read to confirm the licence.
func loadTldr(ctx context.Context, t *tree, l tldrLayout, rd *reader, opts Options, now time.Time) ([]*inflow.Pack, error) {
	type page struct {
		e                    *entry
		lang, platform, name string
	}
	var pages []page
	for _, f := range t.files {
		if lang, platform, name, ok := l.page(f.path); ok {
			pages = append(pages, page{f, lang, platform, name})
		}
	}
	src := inflow.Source{Name: tldrSourceName, URL: tldrRepoURL, License: tldrLicense, Author: tldrAuthor}
	if e := t.byPath[l.prefix+licenseFileName]; e != nil && l.lang == "" {
		data, err := rd.read(e)
		if err != nil {
			return nil, err
		}
		src.License = detectLicense(data, tldrLicense)
	}
	packs := make(map[string]*inflow.Pack)
	owners := make(map[string]string, len(pages))
	for i, pg := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := rd.read(pg.e)
		if err != nil {
			return nil, err
		}
		it, err := tldrItem(data, pg.lang, pg.platform, pg.name, src, now)
		if err != nil {
			return nil, inFile(pg.e.path, err)
		}
		if prev, ok := owners[it.ID]; ok {
			return nil, fileErrorf(pg.e.path, 0, inflow.EINVALID, "item id %q is also used by %s", it.ID, prev)
		}
		owners[it.ID] = pg.e.path
		p := packs[pg.lang]
		if p == nil {
			p = &inflow.Pack{
				ID:     it.Pack,
				Title:  "tldr-pages (" + pg.lang + ")",
				Format: FormatTldr,
				Source: src,
			}
			packs[pg.lang] = p
		}
		p.Items = append(p.Items, it)
		opts.Progress(i+1, len(pages), pg.e.path)
	}
	out := make([]*inflow.Pack, 0, len(packs))
	for _, p := range packs {
		setProminence(p.Items)
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *inflow.Pack) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// tldrItem turns one tldr page into a snippet item. lang is already
// normalised; platform and name come from the page's path.
func tldrItem(data []byte, lang, platform, name string, src inflow.Source, now time.Time) (*inflow.Item, error) {
	pg, err := parseTldrPage(data)
	if err != nil {
		return nil, err
	}
	if pg.InfoURL != "" {
		src.URL = pg.InfoURL
	}
	it := &inflow.Item{
		ID:        "tldr/" + lang + "/" + escapeIDSegment(platform) + "/" + escapeIDSegment(name),
		Pack:      tldrPackPrefix + lang,
		Kind:      inflow.KindSnippet,
		Title:     pg.Title,
		Summary:   pg.Summary,
		Body:      pg.Body,
		Topic:     platform,
		Tags:      dedupe([]string{platform, "cli"}),
		Language:  lang,
		KeyPoints: pg.KeyPoints,
		Source:    src,
		Updated:   now,
	}
	it.Hash = contentHash(it)
	if err := it.Validate(); err != nil {
		return nil, err
	}
	return it, nil
}

// detectLicense returns the licence a LICENSE.md grants, as an SPDX id, or
// def when it names none it knows. tldr-pages' own file grants CC-BY-4.0
// for the pages (and MIT for scripts, which are not imported).
func detectLicense(data []byte, def string) string {
	s := strings.ToLower(string(data))
	switch {
	case strings.Contains(s, "creativecommons.org/licenses/by-sa/4.0"), strings.Contains(s, "attribution-sharealike 4.0"):
		return "CC-BY-SA-4.0"
	case strings.Contains(s, "creativecommons.org/licenses/by/4.0"), strings.Contains(s, "attribution 4.0"):
		return "CC-BY-4.0"
	case strings.Contains(s, "mit license"):
		return "MIT"
	}
	return def
}
