package web

import (
	"bytes"
	"container/list"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The share image's size: what Open Graph and Twitter's large card show.
const (
	ImageWidth  = 1200
	ImageHeight = 630
)

// imageCacheEntries bounds the drawn event images kept in memory (about
// 60 KB each).
const imageCacheEntries = 512

// eventImagePath is the share image of an event at a version: the version
// in the URL lets social sites fetch it anew after a correction.
func eventImagePath(id int64, version int) string {
	return fmt.Sprintf("/events/%d/share.png?v=%d", id, version)
}

// card is what a share image shows.
type card struct {
	Kicker string // the type's name, or "Chronology"
	Colour color.RGBA
	Place  string
	Title  string
	Date   string // the date in words, or the count of a view
	Site   string
	Host   string
}

// imageCache draws share images and keeps the latest ones, keyed by event
// and version, so a correction draws a new one and nothing needs purging.
type imageCache struct {
	bold, regular *opentype.Font

	mu      sync.Mutex
	max     int
	lru     *list.List // of *cachedImage, most recent first
	entries map[string]*list.Element
}

type cachedImage struct {
	key string
	png []byte
}

func newImageCache(max int) *imageCache {
	// The Go fonts are parsed from bytes compiled into the binary: they
	// cannot fail to parse, and a failure would show in every test.
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic("web: Go Bold: " + err.Error())
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("web: Go Regular: " + err.Error())
	}
	return &imageCache{bold: bold, regular: regular, max: max, lru: list.New(), entries: map[string]*list.Element{}}
}

// get returns the cached image for key, drawing and keeping it when missing.
func (ic *imageCache) get(key string, c card) ([]byte, bool, error) {
	ic.mu.Lock()
	if el, ok := ic.entries[key]; ok {
		ic.lru.MoveToFront(el)
		ic.mu.Unlock()
		return el.Value.(*cachedImage).png, true, nil
	}
	ic.mu.Unlock()
	b, err := ic.draw(c)
	if err != nil {
		return nil, false, err
	}
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if _, ok := ic.entries[key]; !ok {
		ic.entries[key] = ic.lru.PushFront(&cachedImage{key: key, png: b})
		for ic.lru.Len() > ic.max {
			old := ic.lru.Remove(ic.lru.Back()).(*cachedImage)
			delete(ic.entries, old.key)
		}
	}
	return b, false, nil
}

// face makes a face of one size. Faces keep buffers of their own and are
// not safe for concurrent use, so each drawing makes its own.
func face(f *opentype.Font, size float64) (font.Face, error) {
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

var (
	paper = color.RGBA{0xfb, 0xfa, 0xf7, 0xff}
	ink   = color.RGBA{0x1d, 0x23, 0x2c, 0xff}
	muted = color.RGBA{0x4a, 0x53, 0x5f, 0xff}
	rule  = color.RGBA{0xd6, 0xd3, 0xcc, 0xff}
)

// draw paints the card and encodes it as a PNG.
func (ic *imageCache) draw(c card) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, ImageWidth, ImageHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 28, ImageHeight), image.NewUniform(c.Colour), image.Point{}, draw.Src)
	const left, right = 92, ImageWidth - 80
	width := right - left

	kicker, err := face(ic.bold, 30)
	if err != nil {
		return nil, err
	}
	titleFace, err := face(ic.bold, 62)
	if err != nil {
		return nil, err
	}
	body, err := face(ic.regular, 38)
	if err != nil {
		return nil, err
	}
	small, err := face(ic.regular, 28)
	if err != nil {
		return nil, err
	}
	text := func(f font.Face, col color.Color, x, y int, s string) int {
		d := font.Drawer{Dst: img, Src: image.NewUniform(col), Face: f, Dot: fixed.P(x, y)}
		d.DrawString(s)
		return d.Dot.X.Round()
	}

	// The kicker: the type in its colour (darkened, for contrast on paper), then the place.
	x := text(kicker, darker(c.Colour), left, 104, strings.ToUpper(c.Kicker))
	if c.Place != "" {
		text(kicker, muted, x, 104, "  ·  "+fit(kicker, c.Place, right-x-40))
	}
	// The title, on at most four lines; what does not fit ends in an ellipsis.
	lines := wrap(titleFace, c.Title, width, 4)
	y := 196
	for _, l := range lines {
		text(titleFace, ink, left, y, l)
		y += 74
	}
	text(body, muted, left, y+14, fit(body, c.Date, width))

	draw.Draw(img, image.Rect(left, 530, right, 532), image.NewUniform(rule), image.Point{}, draw.Src)
	site, err := face(ic.bold, 30)
	if err != nil {
		return nil, err
	}
	x = text(site, ink, left, 584, fit(site, c.Site, width/2))
	text(small, muted, x+24, 584, fit(small, c.Host, right-x-24))

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("web: share image: %w", err)
	}
	return buf.Bytes(), nil
}

// darker keeps a type's hue but dark enough to read as text on paper.
func darker(c color.RGBA) color.RGBA {
	scale := func(v uint8) uint8 { return uint8(int(v) * 3 / 4) }
	return color.RGBA{scale(c.R), scale(c.G), scale(c.B), 0xff}
}

// wrap breaks s into lines no wider than width, at most max of them.
func wrap(f font.Face, s string, width, max int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if measure(f, try) <= width || line == "" {
			line = try
			continue
		}
		lines = append(lines, line)
		line = w
	}
	if line != "" {
		lines = append(lines, line)
	}
	for i := range lines {
		lines[i] = fit(f, lines[i], width)
	}
	if len(lines) > max {
		lines = lines[:max]
		lines[max-1] = fit(f, lines[max-1]+" …", width)
		if !strings.HasSuffix(lines[max-1], "…") {
			lines[max-1] = fit(f, strings.TrimSuffix(lines[max-1], " …")+"…", width)
		}
	}
	return lines
}

// fit shortens s with an ellipsis until it is no wider than width.
func fit(f font.Face, s string, width int) string {
	if measure(f, s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if t := strings.TrimSpace(string(r)) + "…"; measure(f, t) <= width {
			return t
		}
	}
	return "…"
}

// parseColour reads the schema's #rrggbb colours; anything else is ink.
func parseColour(s string) color.RGBA {
	if len(s) != 7 || s[0] != '#' {
		return ink
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return ink
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

func (h *Handler) host() string {
	if u, err := url.Parse(h.baseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return h.baseURL
}

// EventImage serves the share image of an event, drawn once per version.
// The URL of the current version may be cached for a long time; any other
// is revalidated.
func (h *Handler) EventImage(c echo.Context) error {
	ev, asked, err := h.publicEvent(c)
	if err != nil {
		return err
	}
	if ev.ID != asked {
		return c.Redirect(http.StatusMovedPermanently, eventImagePath(ev.ID, ev.Version))
	}
	cd := card{Kicker: ev.Type, Colour: ink, Title: ev.Title, Date: ev.DateWords(), Site: h.site, Host: h.host()}
	if ev.Category != nil {
		cd.Kicker, cd.Colour = ev.Category.Name, parseColour(ev.Category.Colour)
	}
	if ev.Place != nil {
		cd.Place = ev.Place.Name
	}
	b, hit, err := h.images.get(fmt.Sprintf("%d:%d", ev.ID, ev.Version), cd)
	if err != nil {
		return err
	}
	hdr := c.Response().Header()
	if c.QueryParam("v") == strconv.Itoa(ev.Version) {
		hdr.Set(echo.HeaderCacheControl, "public, max-age=86400")
	} else {
		hdr.Set(echo.HeaderCacheControl, "no-cache")
	}
	if hit {
		hdr.Set("X-Image-Cache", "hit")
	} else {
		hdr.Set("X-Image-Cache", "miss")
	}
	return c.Blob(http.StatusOK, "image/png", b)
}

// ViewImage serves the share image of a chronology view; the response
// cache keeps it per data version.
func (h *Handler) ViewImage(c echo.Context) error {
	v, err := h.readView(c)
	if err != nil {
		return err
	}
	n, err := v.parts.count(c.Request().Context(), h.store, v.filter)
	if err != nil {
		return err
	}
	cd := card{Kicker: "Chronology", Colour: ink, Title: v.name(), Date: n.words() + ", each with its sources",
		Site: h.site, Host: h.host()}
	if len(v.form.Types) == 1 {
		for _, cat := range v.cats {
			if cat.Slug == v.form.Types[0] {
				cd.Kicker, cd.Colour = cat.Name, parseColour(cat.Colour)
			}
		}
	}
	b, err := h.images.draw(cd)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/png", b)
}

func measure(f font.Face, s string) int { return font.MeasureString(f, s).Round() }
