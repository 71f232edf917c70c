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
// One explicit document mapping per language group, no dynamic fields and
// no _all field, much smaller and faster than bleve's default. Everything
// searchable (title, summary, key points and the Markdown body as plain
// text via render.PlainText) goes into one field, "text", which keeps word
// positions for phrases (without byte offsets, which nothing uses) and is
// not stored. Title and lead (summary, then key points) are indexed again
// on their own in plain words, without positions, for ranking bonuses and
// "did you mean"; "titlePrefix" holds the first one and two characters of
// each title word, so the first keystrokes look up one term. Only what a
// hit shows is stored: title, lead (or, lacking one, the start of the
// body), kind, topic, language. Keyword fields kind, topic, tags and
// language keep doc values for facets.
//
// Text is split by this package's own tokenizer (see wordAnalyzer):
// Unicode letters and digits, lower-cased, CJK one character per token, no
// stop words removed. The item's language selects the rest of the analysis
// of "text" (see language.go): bleve's stemmers and normalisers for ar, ckb,
// da, de, en, es, fa, fi, fr, hi, hr (also bs, sr), hu, it, nl, no (also
// nb), pt (pt-BR, pt-PT), ro, ru, sv, tr; plain words for the others. Each
// language group is a document type of the mapping. A query's words are
// looked up in every form the languages searched give them: those of lang:
// filters, or else every language in the index. Bump MappingVersion when
// the analysis changes.
//
// # Queries
//
// Search takes text as a person types it:
//
//	tar extract        every word must occur, in any order, in any form
//	                   ("files" finds "file", "Dateien" finds "Datei")
//	tar ext            the last word also matches as a prefix while it is
//	                   typed (no space after it); one or two characters
//	                   match the start of title words, longer prefixes the
//	                   most frequent words starting with them
//	"create an archive"  a quoted phrase must occur as written
//	the, a, how, ...   English stop words are optional
//	kind:rule          filters: kind:, topic:, tag:, lang:, course: (the
//	topic:"field safety" pack); quote values with spaces; case does not
//	lang:pt            matter; lang:pt also finds pt-BR and pt-PT. The same
//	                   filter twice means either value; different filters
//	                   must all hold. Filters alone list everything they
//	                   match, the person's language first, then the most
//	                   prominent. Any other name:value is searched as words.
//
// When nothing matches, words of five or more letters are retried with one
// typo allowed, and when little or nothing matches, Suggestion offers the
// query with unknown words replaced by the most frequent word of titles,
// summaries and key points one edit away (two for long words), if that
// finds more. Results come in pages (Limit, Offset); Total counts all
// matches, and with Facets set so do the facet counts by kind, topic,
// language and tag.
//
// Scoring is bleve's TF-IDF on the text field plus additive bonuses for
// words in the title and lead, for query words that stand next to each
// other in the text, for a query that is exactly an item's title, for the
// item's prominence, and for the requested language, large enough to rank
// it first among comparable matches. (bleve's BM25 is not used: in bleve
// 2.6 it estimates a field's average length from its number of distinct
// terms, which for long fields makes the length penalty some 20 times too
// strong.) Snippets come from whichever of the summary and key points
// matches most, HTML-escaped, with <mark> around matched words.
package bleveindex
