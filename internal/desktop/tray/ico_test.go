package tray

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{R: 0x20, G: 0x80, B: uint8(x * 8), A: 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPNGToICO(t *testing.T) {
	for _, size := range []int{16, 32, 256} {
		p := testPNG(t, size, size)
		ico, err := pngToICO(p)
		if err != nil {
			t.Fatalf("%d: %v", size, err)
		}
		le := binary.LittleEndian
		if le.Uint16(ico[0:]) != 0 || le.Uint16(ico[2:]) != 1 || le.Uint16(ico[4:]) != 1 {
			t.Errorf("%d: header % x", size, ico[:6])
		}
		wantDim := byte(size)
		if size == 256 {
			wantDim = 0
		}
		e := ico[6:22]
		if e[0] != wantDim || e[1] != wantDim || le.Uint16(e[4:]) != 1 || le.Uint16(e[6:]) != 32 {
			t.Errorf("%d: entry % x", size, e)
		}
		if int(le.Uint32(e[8:])) != len(p) || le.Uint32(e[12:]) != 22 {
			t.Errorf("%d: size %d offset %d", size, le.Uint32(e[8:]), le.Uint32(e[12:]))
		}
		if !bytes.Equal(ico[22:], p) {
			t.Errorf("%d: image data differs", size)
		}
		if _, err := png.Decode(bytes.NewReader(ico[le.Uint32(e[12:]):])); err != nil {
			t.Errorf("%d: embedded PNG: %v", size, err)
		}
	}
	if _, err := pngToICO(testPNG(t, 300, 16)); err == nil {
		t.Error("a 300 pixel wide icon was accepted")
	}
	if _, err := pngToICO([]byte("GIF89a")); err == nil {
		t.Error("a non-PNG was accepted")
	}
}
