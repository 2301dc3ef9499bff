package web

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
)

// Sitemap answers /sitemap.xml: the chronology and every permalink, or,
// past models.SitemapPage URLs (well before the protocol's 50,000), an
// index of sitemaps of that many each.
func (h *Handler) Sitemap(c echo.Context) error {
	ctx := c.Request().Context()
	n, last, err := h.store.PublishedCount(ctx)
	if err != nil {
		return err
	}
	if n+1 <= models.SitemapPage {
		return h.sitemapPage(c, 0, true)
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "application/xml; charset=utf-8")
	res.WriteHeader(http.StatusOK)
	w := bufio.NewWriter(res)
	w.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	pages := (n + models.SitemapPage - 1) / models.SitemapPage
	for i := range pages {
		fmt.Fprintf(w, "<sitemap><loc>%s/sitemap-%d.xml</loc><lastmod>%s</lastmod></sitemap>\n",
			xmlEscape(h.baseURL), i+1, last.UTC().Format(time.RFC3339))
	}
	w.WriteString("</sitemapindex>\n")
	return w.Flush()
}

// SitemapPart answers /sitemap-N.xml, the Nth sitemap of the index.
func (h *Handler) SitemapPart(c echo.Context) error {
	s, ok := strings.CutSuffix(c.Param("n"), ".xml")
	n, err := strconv.Atoi(s)
	if !ok || err != nil || n < 1 || n > 1_000_000 {
		return fmt.Errorf("web: sitemap %q: %w", clip(c.Param("n"), 20), models.ErrNotFound)
	}
	count, _, err := h.store.PublishedCount(c.Request().Context())
	if err != nil {
		return err
	}
	if count+1 <= models.SitemapPage || n > (count+models.SitemapPage-1)/models.SitemapPage {
		return fmt.Errorf("web: sitemap %d of %d events: %w", n, count, models.ErrNotFound)
	}
	return h.sitemapPage(c, n-1, false)
}

// sitemapPage streams one page of permalinks, with the chronology itself
// first when home is set.
func (h *Handler) sitemapPage(c echo.Context, page int, home bool) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "application/xml; charset=utf-8")
	res.WriteHeader(http.StatusOK)
	w := bufio.NewWriterSize(res, 32<<10)
	w.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	if home {
		fmt.Fprintf(w, "<url><loc>%s/</loc><changefreq>daily</changefreq></url>\n", xmlEscape(h.baseURL))
	}
	base := xmlEscape(h.baseURL)
	var buf []byte
	for e, err := range h.store.Sitemap(c.Request().Context(), page) {
		if err != nil {
			if c.Request().Context().Err() != nil {
				return nil
			}
			h.log.Error("sitemap failed", "page", page, "err", err)
			panic(http.ErrAbortHandler) // the status is out: cut the answer short rather than end it well-formed
		}
		buf = append(buf[:0], "<url><loc>"...)
		buf = append(buf, base...)
		buf = append(buf, "/events/"...)
		buf = strconv.AppendInt(buf, e.ID, 10)
		buf = append(buf, '/')
		buf = append(buf, e.Slug...) // slugs are lower-case ASCII letters, digits and hyphens
		buf = append(buf, "</loc><lastmod>"...)
		buf = e.UpdatedAt.UTC().AppendFormat(buf, time.RFC3339)
		buf = append(buf, "</lastmod></url>\n"...)
		w.Write(buf)
	}
	w.WriteString("</urlset>\n")
	return w.Flush()
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Robots answers /robots.txt: crawl the chronology and the permalinks, not
// the admin pages or the exports (the same data, expensive to build), and
// here is the sitemap.
func (h *Handler) Robots(c echo.Context) error {
	body := "User-agent: *\nDisallow: /admin\nDisallow: /export/\nDisallow: /embed\nDisallow: /*?cursor=\n\n" +
		"Sitemap: " + h.baseURL + "/sitemap.xml\n"
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}
