package main

import (
	"flag"
	"io"
	"slices"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args      []string
		publish   bool
		published string
		files     []string
	}{
		{[]string{"a.txt", "--publish"}, true, "", []string{"a.txt"}},
		{[]string{"--published", "2022-01-02", "a.txt", "b.txt"}, false, "2022-01-02", []string{"a.txt", "b.txt"}},
		{[]string{"a.txt", "--published=2022-01-02", "b.txt", "--publish"}, true, "2022-01-02", []string{"a.txt", "b.txt"}},
		{[]string{"a.txt", "--", "--publish"}, false, "", []string{"a.txt", "--publish"}},
		{nil, false, "", nil},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		publish := fs.Bool("publish", false, "")
		published := fs.String("published", "", "")
		if err := parseInterspersed(fs, tt.args); err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if *publish != tt.publish || *published != tt.published || !slices.Equal(fs.Args(), tt.files) {
			t.Errorf("%q: publish %v published %q files %q", tt.args, *publish, *published, fs.Args())
		}
	}
}
