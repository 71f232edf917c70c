// Package bleveindex implements inflow.SearchIndex on bleve v2 (scorch).
//
// The index is derived data: it can always be rebuilt from the library
// store. Open reports an index that is corrupt or was built with another
// MappingVersion as ErrNeedsRebuild; OpenOrRecreate deletes and recreates
// it, and the caller then re-indexes everything. Generation is stored inside
// the index, in the same snapshots as the documents, so it always describes
// what the index holds: 0 for a new index, and an older value if bleve had
// to fall back to an earlier snapshot after damage. Comparing it with the
// store's generation tells whether to re-index.
//
// # Mapping
//
// One explicit document mapping, no dynamic fields and no _all field, much
// smaller and faster than bleve's default. Everything searchable (title,
// summary, key points and the Markdown body as plain text via
// render.PlainText) goes into one field, "text", which keeps word positions
// for phrases (without byte offsets, which nothing uses) and is not stored.
// Title, summary and key points are indexed again on their own, without
// positions, for ranking bonuses. Only what a hit shows is stored: title,
// summary (or, lacking one, the start of the body), kind, topic, language.
// Keyword fields (kind, topic, tags, language, pack) keep doc values for
// facets and sorting later.
//
// Text is split by this package's own analyzer (see wordAnalyzer): Unicode
// letters and digits, lower-cased, CJK one character per token, no stemming
// and no stop words, the same for every language. Language-specific
// analysis is future work; bump MappingVersion when the analysis changes.
//
// # Queries
//
// Search takes text as a person types it: every word must occur (in any
// order, anywhere in the text), the last word also matches as a prefix so
// results follow typing ("tar ext" finds "extract"), "quoted phrases" must
// occur as phrases, English stop words are optional, and when nothing
// matches, words of five or more letters are retried with one typo
// allowed. Scoring is bleve's TF-IDF on the text field plus additive bonuses
// for words in the title, summary and key points and for query words that
// stand next to each other in the text; documents in the requested language
// get a bonus large enough to rank them first among comparable matches.
// (bleve's BM25 is not used: in bleve 2.6 it estimates a field's average
// length from its number of distinct terms, which for long fields makes the
// length penalty some 20 times too strong.) Snippets come from the stored
// summary, HTML-escaped, with <mark> around matched words.
package bleveindex
