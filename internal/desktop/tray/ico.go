package tray

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image/png"
	"unicode/utf8"
)

// pngToICO wraps a PNG in a one-image ICO file (PNG-compressed icon images
// are valid since Windows Vista). An ICO entry records sizes up to 256.
func pngToICO(p []byte) ([]byte, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(p))
	if err != nil {
		return nil, fmt.Errorf("tray: icon is not a PNG: %w", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 256 || cfg.Height > 256 {
		return nil, errors.New("tray: icon must be at most 256×256 pixels")
	}
	const headerLen, entryLen = 6, 16
	var b bytes.Buffer
	b.Grow(headerLen + entryLen + len(p))
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, 0)) // reserved
	b.Write(le.AppendUint16(nil, 1)) // type: icon
	b.Write(le.AppendUint16(nil, 1)) // one image
	b.WriteByte(byte(cfg.Width))     // 256 is written as 0
	b.WriteByte(byte(cfg.Height))
	b.WriteByte(0)                   // no palette
	b.WriteByte(0)                   // reserved
	b.Write(le.AppendUint16(nil, 1)) // colour planes
	b.Write(le.AppendUint16(nil, 32))
	b.Write(le.AppendUint32(nil, uint32(len(p))))
	b.Write(le.AppendUint32(nil, headerLen+entryLen))
	b.Write(p)
	return b.Bytes(), nil
}

// truncate shortens s to at most n characters, ending in an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
