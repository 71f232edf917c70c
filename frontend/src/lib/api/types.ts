// TypeScript mirrors of the Go structs the bound services take and return.
// Field names are the Go `json:` tags; keep them in step with
// app/*.go, internal/inflow/*.go and internal/library/importing.go.

/** The shape of a micro item (inflow.Kind). */
export type Kind = 'article' | 'how-to' | 'guide' | 'rule' | 'snippet' | 'video' | 'audio' | 'e-book';

/** Every kind, in display order (inflow.Kinds). */
export const KINDS: readonly Kind[] = ['article', 'how-to', 'guide', 'rule', 'snippet', 'video', 'audio', 'e-book'];

/** Where an item came from and how it must be credited (inflow.Source). */
export interface Source {
  name?: string;
  url?: string;
  license?: string;
  author?: string;
}

/** A value with the number of items that have it (inflow.Facet). */
export interface Facet {
  value: string;
  count: number;
}

/** Counts of one language's items by kind, topic and tag (inflow.Facets). */
export interface Facets {
  language: string;
  total: number;
  kinds: Facet[];
  topics: Facet[];
  tags: Facet[];
}

/** One line of a list of items (app.ItemSummary). */
export interface ItemSummary {
  id: string;
  title: string;
  summary: string;
  kind: Kind;
  topic: string;
  language: string;
  tags: string[];
}

/** An item ready to read (app.ItemView). `html` is sanitised by the Go side. */
export interface ItemView extends ItemSummary {
  html: string;
  keyPoints: string[];
  source: Source;
  pack: string;
  version: number;
  /** RFC 3339 */
  updated: string;
  media: string;
  bookmarked: boolean;
}

/** What the store keeps about an imported pack (inflow.PackInfo). */
export interface PackInfo {
  id: string;
  title: string;
  format: string;
  source: Source;
  origin?: string;
  itemCount: number;
  /** RFC 3339 */
  imported: string;
}

/** The library's home page in one call (app.Overview). */
export interface Overview {
  language: string;
  languages: Facet[];
  facets: Facets;
  recent: ItemSummary[];
  bookmarks: ItemSummary[];
  packs: PackInfo[];
}

/** Which items to list (inflow.ItemFilter). A limit of 0 means 50. */
export interface ItemFilter {
  language: string;
  kind?: Kind;
  topic?: string;
  tag?: string;
  offset?: number;
  limit?: number;
}

/** One page of items (app.ItemList). */
export interface ItemList {
  items: ItemSummary[];
  total: number;
}

/** One search result (inflow.SearchHit). `snippet` is HTML with <mark> around matches. */
export interface SearchHit {
  id: string;
  title: string;
  kind: Kind;
  topic: string;
  language: string;
  snippet: string;
  score: number;
}

/** The filter fields the query text understands (kind:rule, topic:safety, tag:ppe, lang:de, course:onboarding). */
export type SearchField = 'kind' | 'topic' | 'tag' | 'lang' | 'course';

/** Every filter field, in display order. */
export const SEARCH_FIELDS: readonly SearchField[] = ['kind', 'topic', 'tag', 'lang', 'course'];

/** One field:value filter the engine took from the query text (inflow.SearchFilter). */
export interface SearchFilter {
  field: SearchField | string;
  value: string;
}

/** All matches of a query counted by kind, topic, language and tag (inflow.SearchFacets). */
export interface SearchFacets {
  kinds: Facet[];
  topics: Facet[];
  languages: Facet[];
  tags: Facet[];
}

/** A query as typed, filters included (inflow.SearchRequest). */
export interface SearchRequest {
  query: string;
  /** Ranked first when set. */
  language?: string;
  /** 0 means 20. */
  limit?: number;
  offset?: number;
  /** Count the matches by kind, topic, language and tag. */
  facets?: boolean;
}

/** The answer to a search (inflow.SearchResult). */
export interface SearchResult {
  /** The query text actually searched. */
  query: string;
  /** The filters the engine understood. */
  filters: SearchFilter[];
  total: number;
  hits: SearchHit[];
  /** Only when the request asked for facets. */
  facets?: SearchFacets;
  /** A corrected query ("did you mean"), when the query finds little or nothing. */
  suggestion?: string;
  tookMs: number;
}

/** What importing one pack changed (library.PackReport). */
export interface PackReport {
  path: string;
  packId: string;
  title: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/** A path whose import failed; nothing of it was stored (library.PathError). */
export interface PathError {
  path: string;
  code: string;
  error: string;
}

/** The outcome of importing several paths (library.ImportReport). */
export interface ImportReport {
  packs: PackReport[];
  failed: PathError[];
}

export type ImportPhase = 'reading' | 'storing' | 'indexing' | 'done';

/** How far an import has come (library.Progress), sent as "import:progress". */
export interface ImportProgress {
  path: string;
  phase: ImportPhase;
  done: number;
  total: number;
  name?: string;
}

/** The state of the app (app.AppInfo). */
export interface AppInfo {
  version: string;
  dataDir: string;
  ready: boolean;
  kinds: Kind[];
  device: string;
  /** Why the profile could not be opened, if it could not. */
  error?: string;
}

/** Stops listening to an event. */
export type Unsubscribe = () => void;
