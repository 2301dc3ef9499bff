package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// userForm is the add-user form.
type userForm struct {
	Email    string `form:"email"`
	Name     string `form:"name"`
	Role     string `form:"role"`
	Password string `form:"password"`
}

func userRow(u models.User, sessions int) views.UserRow {
	r := views.UserRow{ID: u.ID, Href: "/admin/users/" + strconv.FormatInt(u.ID, 10), Email: u.Email, Name: u.DisplayName,
		Role: string(u.Role), Status: "active", LastLogin: whenOrNever(u.LastLoginAt), Sessions: sessions}
	if u.DisabledAt != nil {
		r.Disabled, r.Status = true, "disabled "+u.DisabledAt.UTC().Format("2 Jan 2006")
	}
	return r
}

func roleOptions(selected string) []views.RoleOption {
	if selected == "" {
		selected = string(models.RoleEditor)
	}
	return []views.RoleOption{
		{Value: string(models.RoleEditor), Label: "Editor: reviews, edits, publishes", Selected: selected == string(models.RoleEditor)},
		{Value: string(models.RoleAdmin), Label: "Admin: also users and the audit log", Selected: selected == string(models.RoleAdmin)},
	}
}

// Users lists the users, with the form to add one.
func (h *Handler) Users(c echo.Context) error {
	return h.usersPage(c, http.StatusOK, views.NewUserForm{Roles: roleOptions("")}, false)
}

func (h *Handler) usersPage(c echo.Context, status int, form views.NewUserForm, refused bool) error {
	users, err := h.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	v := views.UsersView{AdminPage: h.adminPage(c, "Users", "/admin/users"), Form: form, FormError: refused}
	for _, u := range users {
		v.Users = append(v.Users, userRow(u.User, u.Sessions))
	}
	return render(c, status, views.UsersPage(v))
}

// AddUser creates a user from the form; a refused field shows the form
// again with the reason beside it.
func (h *Handler) AddUser(c echo.Context) error {
	var f userForm
	if err := c.Bind(&f); err != nil {
		return invalid("The form could not be read.")
	}
	u, err := h.store.CreateUser(c.Request().Context(), models.NewUser{Email: f.Email, Name: f.Name, Role: models.Role(f.Role), Password: f.Password})
	var fe *models.FieldError
	if errors.As(err, &fe) {
		form := views.NewUserForm{Email: views.Field{Value: f.Email}, Name: views.Field{Value: f.Name}, Roles: roleOptions(f.Role)}
		switch fe.Field {
		case "email":
			form.Email.Error = fe.Message
		case "name":
			form.Name.Error = fe.Message
		case "role":
			form.Role.Error = fe.Message
		default:
			form.Password.Error = fe.Message
		}
		return h.usersPage(c, http.StatusBadRequest, form, true)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=created")
}

// userParam is the user the path names.
func (h *Handler) userParam(c echo.Context) (*models.User, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, models.ErrNotFound
	}
	return h.store.User(c.Request().Context(), id)
}

// User shows one user, their sessions and what can be done to them.
func (h *Handler) User(c echo.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	return h.userPage(c, http.StatusOK, u, views.UserView{})
}

func (h *Handler) userPage(c echo.Context, status int, u *models.User, v views.UserView) error {
	ss, err := h.store.UserSessions(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	me := SignedIn(c)
	v.AdminPage = h.adminPage(c, u.Email, "/admin/users")
	v.User = userRow(*u, len(ss))
	v.Created = whenWords(u.CreatedAt)
	v.Self = me.User.ID == u.ID
	v.Sessions = sessionRows(ss, me.Session.ID)
	return render(c, status, views.UserPage(v))
}

// DisableUser stops a user signing in and ends their sessions. Admins cannot
// disable themselves, nor the last admin.
func (h *Handler) DisableUser(c echo.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	if u.ID == SignedIn(c).User.ID {
		return h.userPage(c, http.StatusBadRequest, u, views.UserView{Error: "You cannot disable yourself; another admin can."})
	}
	err = h.store.DisableUser(c.Request().Context(), u.ID)
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return h.userPage(c, http.StatusBadRequest, u, views.UserView{Error: fe.Message})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=disabled")
}

// ResetPassword sets a user's password and ends their sessions (but the
// admin's own, when it is their own password).
func (h *Handler) ResetPassword(c echo.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	pw := c.FormValue("password")
	if len(pw) > models.MaxPasswordBytes {
		return invalid("The password is longer than %d characters.", models.MaxPasswordLen)
	}
	err = h.store.SetPassword(c.Request().Context(), u.ID, pw, ownSession(c, u))
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return h.userPage(c, http.StatusBadRequest, u, views.UserView{Password: views.Field{Error: fe.Message}})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=password")
}

// EndUserSessions signs a user out everywhere (the admin stays signed in
// here when they are the user).
func (h *Handler) EndUserSessions(c echo.Context) error {
	u, err := h.userParam(c)
	if err != nil {
		return err
	}
	if _, err := h.store.EndSessions(c.Request().Context(), u.ID, ownSession(c, u)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=sessions")
}

// ownSession is the request's session when u is the signed-in user, who
// stays signed in here when ending u's sessions; else 0.
func ownSession(c echo.Context, u *models.User) int64 {
	if me := SignedIn(c); me.User.ID == u.ID {
		return me.Session.ID
	}
	return 0
}
