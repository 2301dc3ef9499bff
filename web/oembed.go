package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"timeline/models"
)

// oEmbed sizes: what an embed prefers, and the least it can be squeezed to
// whatever maxwidth or maxheight say.
const (
	oembedMinWidth   = 200
	oembedMinHeight  = 150
	oembedMaxSize    = 4000 // larger asks are read as this, not as an error
	viewEmbedWidth   = 960
	oembedCacheHours = 24
)

// oembed is the answer: the "rich" type, whose html is one iframe.
type oembed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	CacheAge     int    `json:"cache_age"`
	Thumbnail    string `json:"thumbnail_url,omitempty"`
	ThumbWidth   int    `json:"thumbnail_width,omitempty"`
	ThumbHeight  int    `json:"thumbnail_height,omitempty"`
}

// readSize reads maxwidth or maxheight: absent is no limit; zero, negative
// and huge values are clamped, not refused; only what is not a number is.
func readSize(q url.Values, name string, least int) (int, error) {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return oembedMaxSize, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if digits := strings.TrimLeft(s, "+-"); len(s)-len(digits) <= 1 && digits != "" && strings.Trim(digits, "0123456789") == "" {
			// A number too long for an int: hugely negative or hugely positive.
			if s[0] == '-' {
				return least, nil
			}
			return oembedMaxSize, nil
		}
		return 0, invalid("%s must be a whole number of pixels", name)
	}
	return max(least, min(n, oembedMaxSize)), nil
}

// OEmbed answers /oembed?url=…&maxwidth=…&maxheight=…&format=json for
// our permalinks and chronology views: 404 for any other URL, 501 for XML.
func (h *Handler) OEmbed(c echo.Context) error {
	q := c.QueryParams()
	switch q.Get("format") {
	case "", "json":
	case "xml":
		return echo.NewHTTPError(http.StatusNotImplemented, "oEmbed answers JSON only: use format=json")
	default:
		return invalid("format %q is not an oEmbed format: use json", clip(q.Get("format"), 20))
	}
	maxW, err := readSize(q, "maxwidth", oembedMinWidth)
	if err != nil {
		return err
	}
	maxH, err := readSize(q, "maxheight", oembedMinHeight)
	if err != nil {
		return err
	}
	raw := q.Get("url")
	if raw == "" {
		return invalid("url is missing: give the address of an event or a view of this site")
	}
	u, err := url.Parse(raw)
	base, berr := url.Parse(h.baseURL)
	if err != nil || berr != nil || !strings.EqualFold(u.Host, base.Host) || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("web: oembed for %q: not ours: %w", clip(raw, 60), models.ErrNotFound)
	}
	out := oembed{Version: "1.0", Type: "rich", ProviderName: h.site, ProviderURL: h.baseURL + "/",
		CacheAge: oembedCacheHours * 3600}
	var src, thumb string
	var width, height int
	switch rest, isEvent := strings.CutPrefix(u.Path, "/events/"); {
	case isEvent:
		idPart, _, _ := strings.Cut(rest, "/")
		id, ok := parseID(idPart)
		if !ok {
			return fmt.Errorf("web: oembed for %q: %w", clip(raw, 60), models.ErrNotFound)
		}
		ev, err := h.store.PublicEvent(c.Request().Context(), id)
		if err != nil {
			return err
		}
		out.Title = ev.Title
		src = fmt.Sprintf("%s/embed/events/%d", h.baseURL, ev.ID)
		thumb = h.baseURL + eventImagePath(ev.ID, ev.Version)
		width, height = defaultEmbedWidth, defaultCardHeight
	case u.Path == "/" || u.Path == "":
		cats, err := h.store.Categories(c.Request().Context())
		if err != nil {
			return err
		}
		form, err := readFilterForm(u.RawQuery)
		if err != nil {
			return err
		}
		f, err := form.filter(cats)
		if err != nil {
			return err
		}
		f.After, f.Before = nil, nil
		vw := view{form: form, filter: f, cats: cats, query: form.canonical()}
		got, err := h.store.CountUpTo(c.Request().Context(), f, countCap)
		if err != nil {
			return err
		}
		out.Title = vw.title(tally{n: got.N, more: got.More})
		src = h.viewURL("/embed", vw.query)
		thumb = h.viewURL("/share.png", vw.query)
		width, height = viewEmbedWidth, defaultViewHeight
	default:
		return fmt.Errorf("web: oembed for %q: no embed for this page: %w", clip(raw, 60), models.ErrNotFound)
	}
	out.Width, out.Height = min(width, maxW), min(height, maxH)
	out.HTML = iframeCode(src, out.Title+" · "+h.site, out.Width, out.Height)
	if ImageWidth <= maxW && ImageHeight <= maxH {
		out.Thumbnail, out.ThumbWidth, out.ThumbHeight = thumb, ImageWidth, ImageHeight
	}
	return c.JSON(http.StatusOK, out)
}
