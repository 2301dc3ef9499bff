package web

import (
	"net/url"
	"testing"
)

func TestReadSize(t *testing.T) {
	for in, want := range map[string]int{
		"": oembedMaxSize, "300": 300, "0": 200, "-7": 200, "5000": oembedMaxSize,
		"99999999999999999999999": oembedMaxSize, "-99999999999999999999999": 200, " 320 ": 320,
	} {
		got, err := readSize(url.Values{"maxwidth": {in}}, "maxwidth", 200)
		if err != nil || got != want {
			t.Errorf("maxwidth=%q: %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"wide", "12px", "1e3", "--", "3.5"} {
		if _, err := readSize(url.Values{"maxwidth": {in}}, "maxwidth", 200); err == nil {
			t.Errorf("maxwidth=%q was accepted", in)
		} else if _, ok := IsInputError(err); !ok {
			t.Errorf("maxwidth=%q: %v is not an input error", in, err)
		}
	}
}

// FuzzReadSize: any maxwidth is a size within the bounds or a 400.
func FuzzReadSize(f *testing.F) {
	for _, s := range []string{"", "0", "-1", "640", "99999999999999999999", "abc", "+5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := readSize(url.Values{"maxwidth": {s}}, "maxwidth", oembedMinWidth)
		if err != nil {
			if _, ok := IsInputError(err); !ok {
				t.Fatalf("%q: %v is not an input error", s, err)
			}
			return
		}
		if n < oembedMinWidth || n > oembedMaxSize {
			t.Fatalf("%q: %d is out of bounds", s, n)
		}
	})
}
