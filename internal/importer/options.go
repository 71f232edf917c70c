package importer

import "time"

// Default limits, used for every Limits field left at zero.
const (
	DefaultMaxFileSize  = 1 << 20   // bytes of one file
	DefaultMaxFiles     = 100_000   // files in one folder or archive
	DefaultMaxTotalSize = 512 << 20 // bytes read from one path in total
	DefaultMaxRatio     = 100       // decompressed bytes per compressed byte of a zip entry
)

// ratioFloor is the decompressed size below which a zip entry is not held to
// MaxRatio: small, repetitive files can legitimately compress very well, and
// 64 KiB cannot do harm.
const ratioFloor = 64 << 10

// Limits bound what one Load may read. A zero field means its default; a
// negative field is treated as zero (that is, as the default).
type Limits struct {
	// MaxFileSize is the largest file, in bytes, that is read (default 1 MiB).
	MaxFileSize int64
	// MaxFiles is the most files a folder or archive may hold (default
	// 100,000). A folder counts every file outside skipped folders, ignored
	// ones included; a zip archive counts every entry, directories included.
	MaxFiles int
	// MaxTotalSize is the most bytes read, after decompression, from one
	// path (default 512 MiB).
	MaxTotalSize int64
	// MaxRatio is the most a zip entry may expand relative to its
	// compressed size (default 100); every entry may expand to 64 KiB.
	MaxRatio int64
}

// Options configure Load. The zero value is ready to use.
type Options struct {
	// Limits bound the input; zero fields take their defaults.
	Limits Limits
	// Progress, if not nil, is called after each content file is parsed
	// with the number parsed so far, the number to parse and the file's
	// path, so a command line or a window can show a progress bar. It is
	// called on the goroutine that called Load.
	Progress func(done, total int, name string)
	// Now is the clock used for Item.Updated when a file does not say when
	// it was updated. Nil means time.Now. It is called once per Load.
	Now func() time.Time
}

// withDefaults returns a copy of o with every unset field filled in.
func (o Options) withDefaults() Options {
	if o.Limits.MaxFileSize <= 0 {
		o.Limits.MaxFileSize = DefaultMaxFileSize
	}
	if o.Limits.MaxFiles <= 0 {
		o.Limits.MaxFiles = DefaultMaxFiles
	}
	if o.Limits.MaxTotalSize <= 0 {
		o.Limits.MaxTotalSize = DefaultMaxTotalSize
	}
	if o.Limits.MaxRatio <= 0 {
		o.Limits.MaxRatio = DefaultMaxRatio
	}
	if o.Progress == nil {
		o.Progress = func(int, int, string) {}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
