package pglocal

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestGlobNewestFirst(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		dirs    []string
		want    []string
	}{
		{"debian", "lib/postgresql/*/bin",
			[]string{"lib/postgresql/9.6/bin", "lib/postgresql/16/bin", "lib/postgresql/10/bin", "lib/postgresql/15/bin"},
			[]string{"lib/postgresql/16/bin", "lib/postgresql/15/bin", "lib/postgresql/10/bin", "lib/postgresql/9.6/bin"}},
		{"homebrew", "opt/postgresql*/bin",
			[]string{"opt/postgresql@14/bin", "opt/postgresql/bin", "opt/postgresql@17/bin"},
			[]string{"opt/postgresql/bin", "opt/postgresql@17/bin", "opt/postgresql@14/bin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range tt.dirs {
				if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, p := range globNewestFirst(filepath.Join(root, tt.pattern)) {
				rel, err := filepath.Rel(root, p)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, rel)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("globNewestFirst() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFindBinDirMajor puts two fake installations first in PATH: an
// existing cluster must get the version that made it, when it is there.
func TestFindBinDirMajor(t *testing.T) {
	fake := func(version string) string {
		dir := t.TempDir()
		for name, script := range map[string]string{
			"initdb":   "#!/bin/sh\nexit 1\n",
			"postgres": "#!/bin/sh\necho 'postgres (PostgreSQL) " + version + " (Fake)'\n",
		} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		resolved, err := filepath.EvalSymlinks(dir)
		if err != nil {
			t.Fatal(err)
		}
		return resolved
	}
	v16, v15 := fake("16.2"), fake("15.7")
	t.Setenv("PATH", v16+string(filepath.ListSeparator)+v15)
	tests := []struct {
		major string
		want  string
	}{
		{"", v16},
		{"16", v16},
		{"15", v15},
		{"14", v16}, // none: the first, and postgres explains
	}
	for _, tt := range tests {
		t.Run("major "+tt.major, func(t *testing.T) {
			got, err := findBinDir(tt.major)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("findBinDir(%q) = %s, want %s", tt.major, got, tt.want)
			}
		})
	}
}

func TestMajorAtLeast(t *testing.T) {
	tests := []struct {
		pgVersion string
		min       int
		want      bool
	}{
		{"15\n", 14, true},
		{"14", 14, true},
		{"13\n", 14, false},
		{"9.6\n", 14, false},
		{"", 14, false},
		{"garbage", 14, false},
	}
	for _, tt := range tests {
		if got := majorAtLeast(tt.pgVersion, tt.min); got != tt.want {
			t.Errorf("majorAtLeast(%q, %d) = %v, want %v", tt.pgVersion, tt.min, got, tt.want)
		}
	}
}
