// Package bleveindex implements inflow.SearchIndex on bleve v2 (scorch).
//
// The index is derived data: it can always be rebuilt from the library
// store. Open reports an index that is corrupt or was built with another
// mapping as ErrNeedsRebuild; OpenOrRecreate deletes and recreates it, and
// the caller then re-indexes everything (Generation returns 0 on a fresh
// index, so comparing it with the store generation tells).
//
// The mapping is explicit and small rather than bleve's dynamic default,
// which stores and indexes every field and is several times larger and
// slower: only what a hit shows is stored (title, summary, kind, topic,
// language), the Markdown body is indexed as plain text but not stored,
// keyword fields (kind, topic, tags, language, pack) keep doc values for
// facets and sorting, and nothing goes into bleve's composite _all field.
// Text is split with the Unicode word tokenizer and lower-cased, without
// stemming or stop words, so it works the same for every language; language
// specific analysis is future work. Scoring uses BM25.
//
// Search takes text as a person types it: every word must match somewhere
// (title weighs 4, key points and summary 2, body 1), the last word also
// matches as a prefix, "quoted phrases" match as phrases, English stop words
// are optional, and when nothing matches, words of five or more letters are
// retried with one typo allowed. Documents in the requested language are
// boosted. Snippets are built from the stored summary, escaped, with <mark>
// around matched words.
package bleveindex
