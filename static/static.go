// Package static embeds the stylesheets, scripts and icons and serves them
// under content-hashed names, so they can be cached for a year and a new
// release is never mixed with an old file.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
)

//go:embed css js img
var files embed.FS

// Prefix is where the assets are served.
const Prefix = "/static/"

// Assets maps asset names ("css/app.css") to their hashed URLs and back.
type Assets struct {
	urls  map[string]string // name → /static/css/app.1a2b3c4d5e.css
	names map[string]string // hashed file name → name
}

// New hashes every embedded file once.
func New() (*Assets, error) {
	a := &Assets{urls: map[string]string{}, names: map[string]string{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.urls[name] = Prefix + hashed
		a.names[hashed] = name
		return nil
	})
	return a, err
}

// URL returns the hashed URL of an asset; it panics on an unknown name,
// which is a programming error caught by any test that renders the page.
func (a *Assets) URL(name string) string {
	u, ok := a.urls[name]
	if !ok {
		panic("static: no asset " + name)
	}
	return u
}

// Modules returns the plain URLs of the JavaScript modules other than entry,
// as they import each other, in a stable order.
func (a *Assets) Modules(entry string) []string {
	var out []string
	for name := range a.urls {
		if strings.HasPrefix(name, "js/") && strings.HasSuffix(name, ".js") && name != entry {
			out = append(out, Prefix+name)
		}
	}
	slices.Sort(out)
	return out
}

// ServeHTTP serves hashed names with a one-year immutable cache lifetime.
// JavaScript modules import each other by plain names, so those are served
// too, with revalidation instead of a long lifetime.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rel := strings.TrimPrefix(r.URL.Path, Prefix)
	name, hashed := a.names[rel]
	if !hashed {
		if _, ok := a.urls[rel]; !ok {
			http.NotFound(w, r)
			return
		}
		name = rel
	}
	body, err := files.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if hashed {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300, must-revalidate")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(body)
}
