package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// writeTimeout is how long the server gives a response to be written. A
// streamed export of the whole chronology to a slow reader can take longer
// than that as a whole, so streams extend it as long as they make progress:
// writeTimeout without a successful write still cuts the connection.
var writeTimeout = 30 * time.Second

// extendWhileWriting lets the streaming exports outlive writeTimeout while
// each write goes through.
func extendWhileWriting(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/export") {
			return next(c)
		}
		res := c.Response()
		w := &progressWriter{ResponseWriter: res.Writer, rc: http.NewResponseController(res.Writer), step: writeTimeout}
		res.Writer = w
		defer func() { res.Writer = w.ResponseWriter }()
		return next(c)
	}
}

// progressWriter moves the connection's write deadline to step from now
// before each write, at most once per step/4 so a stream of small writes
// does not pay for a system call each.
type progressWriter struct {
	http.ResponseWriter
	rc       *http.ResponseController
	step     time.Duration
	extended time.Time
}

func (w *progressWriter) Write(p []byte) (int, error) {
	if now := time.Now(); now.Sub(w.extended) >= w.step/4 {
		// Not every writer can (an httptest recorder cannot): then the
		// server's own timeout simply stays.
		if w.rc.SetWriteDeadline(now.Add(w.step)) == nil {
			w.extended = now
		}
	}
	return w.ResponseWriter.Write(p)
}

func (w *progressWriter) Flush() { w.rc.Flush() }

func (w *progressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
