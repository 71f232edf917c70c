// Package render turns an item's Markdown body into HTML that is safe to put
// into the Wails webview, and into plain text for the search index.
//
// Rendering is two steps. goldmark converts CommonMark plus the GitHub
// extensions (tables, strikethrough, autolinks, task lists) to HTML; raw HTML
// in the source is never passed through. bluemonday then sanitises the result
// against a strict allow-list, so a bug or a surprise in the Markdown step
// cannot smuggle markup into the app. What survives:
//
//   - block elements: p, h1–h6, ul, ol (with start), li, blockquote, pre, hr,
//     br, table, thead, tbody, tr, th and td (with align);
//   - inline elements: em, strong, del, code (class only when it matches
//     ^language-[\w+-]+$, the fenced-code language);
//   - links: a with href using http, https or mailto only, an optional title,
//     and rel="noopener nofollow noreferrer" always;
//   - images: img with src using http or https, or a relative path (never a
//     protocol-relative //host path), plus alt and title.
//
// Everything else is removed: script, style, iframe, object, embed, svg,
// math, form controls, event-handler attributes, style and id attributes,
// and javascript:, vbscript:, data: and file: URLs.
//
// Image choice: data: URLs are refused (even data:image) because packs should
// not embed blobs in item bodies and an SVG data URL is an easy mistake to
// let through; relative paths are allowed so a later pack-asset mechanism can
// serve images from the app origin; remote http(s) images are allowed but
// load from the network, so the frontend should set an img-src CSP if it
// wants to keep viewing fully offline and untracked. Links are never
// relative: a relative href would navigate the webview away from the app.
//
// Task-list checkboxes are rendered as the characters ☐ and ☑ rather than
// <input> elements, because form controls are not allowed.
//
// Input that would make goldmark quadratic (a line over 4 KiB, more than 16
// nested containers on one line, more than 128 link brackets in one
// paragraph) is rewritten first so a hostile pack cannot stall the app; see
// harden. Ordinary Markdown is never touched.
//
// A Renderer is built once (goldmark and bluemonday setup is costly) and is
// safe for concurrent use; Markdown and PlainText use a shared default one.
package render
