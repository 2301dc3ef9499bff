package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"timeline/views"
)

// embedPage is the page model of an embed: never indexed, scripts only
// where the embed moves.
func (h *Handler) embedPage(title string, interactive bool) views.Page {
	p := views.Page{
		Title:    title,
		SiteName: h.site,
		CSS:      []string{h.assets.URL("css/app.css"), h.assets.URL("css/embed.css")},
		NoIndex:  true,
	}
	if interactive {
		p.CSS = []string{h.assets.URL("css/app.css"), h.assets.URL("css/timeline.css"), h.assets.URL("css/embed.css")}
		p.JS = []string{h.assets.URL("js/main.js"), h.assets.URL("js/embed.js")}
		p.Modules = h.assets.Modules("js/main.js")
	}
	return p
}

// EmbedEvent is the compact card of an event for other sites to frame.
func (h *Handler) EmbedEvent(c echo.Context) error {
	ev, asked, err := h.publicEvent(c)
	if err != nil {
		return err
	}
	if ev.ID != asked {
		return c.Redirect(http.StatusMovedPermanently, fmt.Sprintf("/embed/events/%d", ev.ID))
	}
	v := views.EmbedEventView{
		Page:      h.embedPage(ev.Title+" · "+h.site, false),
		Event:     eventItem(ev),
		Permalink: h.baseURL + ev.Path(),
		Sources:   len(ev.Sources),
	}
	v.Page.Canonical = v.Permalink
	return render(c, http.StatusOK, views.EmbedEvent(v))
}

// EmbedChronology is the interactive timeline of any chronology query
// string for other sites to frame; the reader moves it inside the frame
// (its state stays in the frame's own URL) and opens our pages in a new tab.
func (h *Handler) EmbedChronology(c echo.Context) error {
	ctx := c.Request().Context()
	vw, notice, err := h.readReadersView(c)
	if err != nil {
		return err
	}
	f := vw.filter
	f.Limit = pageSize
	page, err := h.store.ListEvents(ctx, f)
	if err != nil {
		return err
	}
	total := tally{n: len(page.Events)}
	if page.Next != nil {
		if total, err = vw.parts.count(ctx, h.store, vw.filter); err != nil {
			return err
		}
	}
	title := vw.title(total)
	v := views.EmbedView{
		Page:     h.embedPage(title+" · "+h.site, true),
		Title:    title,
		ViewURL:  h.viewURL("/", vw.query),
		Months:   groupByMonth(page.Events),
		Count:    len(page.Events),
		Total:    total.n,
		More:     total.more,
		Filtered: len(vw.query) > 0,
		Unknown:  notice,
	}
	v.Page.Canonical = v.ViewURL
	if page.Next != nil {
		v.NextURL = withParam(h.baseURL+"/", vw.query, "cursor", page.Next.String())
	}
	return render(c, http.StatusOK, views.EmbedChronology(v))
}
