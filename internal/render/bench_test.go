package render

import "testing"

func BenchmarkMarkdown(b *testing.B) {
	r := New()
	b.SetBytes(int64(len(typicalItem)))
	for b.Loop() {
		if _, err := r.HTML(typicalItem); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarkdownParallel(b *testing.B) {
	r := New()
	b.SetBytes(int64(len(typicalItem)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.HTML(typicalItem); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkPlainText(b *testing.B) {
	r := New()
	b.SetBytes(int64(len(typicalItem)))
	for b.Loop() {
		_ = r.PlainText(typicalItem)
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		_ = New()
	}
}
