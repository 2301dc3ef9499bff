package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// passwordForm is the change of one's own password.
type passwordForm struct {
	Current  string `form:"current"`
	Password string `form:"password"`
	Confirm  string `form:"confirm"`
}

// Account shows the signed-in user's own account: their password and their
// sessions.
func (h *Handler) Account(c echo.Context) error {
	return h.accountPage(c, http.StatusOK, views.AccountView{})
}

func (h *Handler) accountPage(c echo.Context, status int, v views.AccountView) error {
	me := SignedIn(c)
	ss, err := h.store.UserSessions(c.Request().Context(), me.User.ID)
	if err != nil {
		return err
	}
	v.AdminPage = h.adminPage(c, "Your account", "/account")
	v.Email, v.Name, v.Role = me.User.Email, me.User.DisplayName, string(me.User.Role)
	v.Sessions = sessionRows(ss, me.Session.ID)
	v.Others = len(ss) - 1
	return render(c, status, views.AccountPage(v))
}

// ChangePassword changes one's own password, the current one required; the
// other sessions end.
func (h *Handler) ChangePassword(c echo.Context) error {
	var f passwordForm
	if err := c.Bind(&f); err != nil {
		return invalid("The form could not be read.")
	}
	if len(f.Current) > models.MaxPasswordBytes || len(f.Password) > models.MaxPasswordBytes || len(f.Confirm) > models.MaxPasswordBytes {
		return invalid("The password is longer than %d characters.", models.MaxPasswordLen)
	}
	if f.Password != f.Confirm {
		return h.accountPage(c, http.StatusBadRequest, views.AccountView{Confirm: views.Field{Error: "The two new passwords differ."}})
	}
	me := SignedIn(c)
	err := h.store.ChangeOwnPassword(c.Request().Context(), me.User.ID, f.Current, f.Password, me.Session.ID)
	var fe *models.FieldError
	if errors.As(err, &fe) {
		v := views.AccountView{}
		if fe.Field == "current" {
			v.Current.Error = fe.Message
		} else {
			v.Password.Error = fe.Message
		}
		return h.accountPage(c, http.StatusBadRequest, v)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=password")
}

// EndOwnSession ends one of one's own sessions; ending this one signs out.
func (h *Handler) EndOwnSession(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return models.ErrNotFound
	}
	me := SignedIn(c)
	if err := h.store.EndUserSession(c.Request().Context(), me.User.ID, id); err != nil {
		return err
	}
	if id == me.Session.ID {
		h.clearCookie(c, sessionCookieName)
		return c.Redirect(http.StatusSeeOther, "/login?out=1")
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=session")
}

// EndOtherSessions signs out everywhere but here.
func (h *Handler) EndOtherSessions(c echo.Context) error {
	me := SignedIn(c)
	if _, err := h.store.EndSessions(c.Request().Context(), me.User.ID, me.Session.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account?done=sessions")
}
