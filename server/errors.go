package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
	"timeline/web"
)

// errorHandler is the one place errors become HTTP: JSON under /api, an
// HTML page everywhere else. Only server errors are logged here; the
// request logger already records every status.
func errorHandler(h *web.Handler, log *slog.Logger, out *outage) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		if clientGone(c, err) {
			// Nobody reads the answer: the status is for the request log.
			c.NoContent(statusClientClosed)
			return
		}
		status, heading, msg := classify(err)
		if status == http.StatusServiceUnavailable {
			c.Response().Header().Set("Retry-After", "5")
		}
		if dbUnavailable(err) {
			out.failure(err) // logs once per outage, not per request
		} else if status >= 500 {
			log.Error("request failed", "path", c.Request().URL.Path, "err", err)
		}
		if c.Request().Method == http.MethodHead {
			c.NoContent(status)
			return
		}
		if p := c.Request().URL.Path; strings.HasPrefix(p, "/api/") || p == "/oembed" || web.WantsJSON(c.Request()) {
			body := map[string]any{"status": status, "message": msg}
			if r := models.GoneReason(err); r != "" {
				body["reason"] = r
			}
			c.JSON(status, map[string]any{"error": body})
			return
		}
		if rerr := h.Render(c, views.ErrorView{Status: status, Heading: heading, Message: msg, Reason: models.GoneReason(err)}); rerr != nil {
			log.Error("error page failed", "err", rerr)
		}
	}
}

// classify maps the error vocabulary to a status, a heading and a message
// safe to show: internal details never reach the client.
func classify(err error) (int, string, string) {
	if msg, ok := web.IsInputError(err); ok {
		return http.StatusBadRequest, "This request cannot be answered", msg
	}
	var he *echo.HTTPError
	switch {
	case errors.Is(err, models.ErrNotFound):
		return http.StatusNotFound, "Page not found", "There is no published event or page at this address."
	case errors.Is(err, models.ErrGone):
		return http.StatusGone, "This event was withdrawn", "The editors removed this event from the chronology after review. Links to it end here on purpose."
	case errors.Is(err, models.ErrConflict):
		return http.StatusConflict, "Changed by someone else", "This was changed since you loaded it. Reload and apply your change again."
	case errors.Is(err, models.ErrNoSession):
		return http.StatusUnauthorized, "Sign in first", "This needs a signed-in session: sign in and try again."
	case errors.Is(err, web.ErrCSRF):
		return http.StatusForbidden, "This form has expired", "Nothing was changed: the form was sent without this site’s token, or from another site. Go back, reload the page and send it again."
	case errors.Is(err, models.ErrForbidden):
		return http.StatusForbidden, "Not allowed", "Your role does not allow this. An admin can help."
	case dbUnavailable(err):
		return http.StatusServiceUnavailable, "Temporarily unavailable", "The chronology’s database is not answering right now. This page will work again shortly: try again in a few seconds."
	case errors.Is(err, errRateLimited):
		return http.StatusTooManyRequests, "Too many requests", "This address sent more searches, histograms or exports than the site answers in a short time. Wait a few seconds (the Retry-After header says how many) and try again."
	case errors.Is(err, models.ErrBusy):
		return http.StatusServiceUnavailable, "Busy", "The server has too many sign-ins in hand. Try again in a few seconds."
	case errors.Is(err, models.ErrInvalid):
		return http.StatusBadRequest, "This request cannot be answered", "The request is not valid."
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, "Page not found", "There is nothing at this address."
		case http.StatusRequestEntityTooLarge:
			return he.Code, "Request too large", "The request body is larger than this site accepts."
		case http.StatusMethodNotAllowed:
			return he.Code, "Method not allowed", "This address does not accept that kind of request."
		case http.StatusNotImplemented:
			return he.Code, "Not implemented", fmt.Sprint(he.Message)
		}
		if he.Code < 500 {
			return he.Code, http.StatusText(he.Code), http.StatusText(he.Code) + "."
		}
	}
	return http.StatusInternalServerError, "Something went wrong", "The server could not answer. Please try again in a moment."
}
