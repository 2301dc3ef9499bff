// Command gengeonames writes extract/places' GeoNames index from the npm
// packages in node_modules: run it with `make gazetteer` (which installs
// them first) or `go generate ./extract/places`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"timeline/extract/places/internal/geonames"
)

func main() {
	modules := flag.String("modules", "node_modules", "the npm `folder` holding the source packages")
	out := flag.String("o", "geonames.tsv.gz", "the index `file` to write")
	flag.Parse()
	if err := run(*modules, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gengeonames:", err)
		os.Exit(1)
	}
}

func run(modules, out string) error {
	var src [5][]byte
	for i, name := range []string{geonames.Sources.Cities, geonames.Sources.Admin1, geonames.Sources.Words, geonames.Sources.Villages, geonames.Sources.Admin2} {
		b, err := os.ReadFile(filepath.Join(modules, name))
		if err != nil {
			return fmt.Errorf("%w (run npm ci first)", err)
		}
		src[i] = b
	}
	idx, err := geonames.Build(src[0], src[1], src[2], src[3], src[4])
	if err != nil {
		return err
	}
	return os.WriteFile(out, idx, 0o644)
}
