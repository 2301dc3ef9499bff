package views

// NavItem is one entry of the curation screens' navigation.
type NavItem struct {
	Label   string
	Href    string
	Current bool
}

// AdminPage is what every signed-in screen's layout needs: the page, who
// is signed in, the CSRF token for its forms and scripts, the navigation.
type AdminPage struct {
	Page
	UserName  string
	UserEmail string
	Role      string
	CSRF      string
	Nav       []NavItem
	// Notice is a line confirming what the last action did, or "".
	Notice string
}

// Field is one form field's value and what is wrong with it, if anything.
type Field struct {
	Value string
	Error string
}

// KeptField is one field of a form sent after its session ended, carried
// through signing in so it can be sent again.
type KeptField struct {
	Name  string
	Value string
}

// LoginView is the sign-in page.
type LoginView struct {
	Page
	CSRF   string
	Email  string
	Next   string
	Error  string // the one message for any failure
	Notice string // "You have signed out.", ...
	// A form sent after its session ended: where it was going, what it held
	// and the names of the fields that are never kept (passwords, files).
	Resend  string
	Kept    []KeptField
	Dropped []string
}

// ResendView offers, after signing in, to send again a form whose session
// had ended.
type ResendView struct {
	AdminPage
	Action  string
	Kept    []KeptField
	Dropped []string // fields to fill in again, as password inputs
}

// StatusCount is one tile of the dashboard.
type StatusCount struct {
	Label string
	Count int
	Href  string // "" for none yet
	Key   string // the status, for data-testid
}

// AuditRow is one audit entry as the screens show it.
type AuditRow struct {
	At        string // "2 Dec 2026, 17:05 UTC"
	Datetime  string // RFC 3339
	Actor     string
	ActorHref string
	Action    string
	Entity    string
	EntityRef string // "user 4"
	EntityURL string
	IP        string
	RequestID string
	Before    string // indented JSON, or ""
	After     string
}

// DashboardView is /admin.
type DashboardView struct {
	AdminPage
	Counts   []StatusCount
	Activity []AuditRow
	// Online names the curators with a live session.
	Online []string
	// AuditHref links to the full log for those allowed to read it, or "".
	AuditHref string
	// Extractor is what editors made of the extractor's proposals.
	Extractor ExtractorRecord
}

// UserRow is one user in the list.
type UserRow struct {
	ID        int64
	Href      string
	Email     string
	Name      string
	Role      string
	Disabled  bool
	Status    string
	LastLogin string
	Sessions  int
}

// RoleOption is a role in a select.
type RoleOption struct {
	Value, Label string
	Selected     bool
}

// NewUserForm is the add-user form's values and errors.
type NewUserForm struct {
	Email, Name, Role, Password Field
	Roles                       []RoleOption
}

// UsersView is /admin/users.
type UsersView struct {
	AdminPage
	Users []UserRow
	Form  NewUserForm
	// FormError says the form was not accepted, when it was sent and refused.
	FormError bool
}

// SessionRow is one signed-in browser.
type SessionRow struct {
	ID        int64
	Started   string
	LastSeen  string
	Expires   string
	IP        string
	UserAgent string
	Current   bool
}

// UserView is /admin/users/{id}.
type UserView struct {
	AdminPage
	User     UserRow
	Created  string
	Sessions []SessionRow
	Password Field
	// Error is why the last action was refused (e.g. the last admin).
	Error string
	Self  bool
}

// AuditOption is a choice in an audit filter.
type AuditOption struct {
	Value, Label string
	Selected     bool
}

// AuditView is /admin/audit.
type AuditView struct {
	AdminPage
	Users    []AuditOption
	Actions  []AuditOption
	From, To string
	Rows     []AuditRow
	NextURL  string
	ResetURL string
	Filtered bool
}

// AccountView is /account.
type AccountView struct {
	AdminPage
	Email    string
	Name     string
	Role     string
	Current  Field
	Password Field
	Confirm  Field
	Sessions []SessionRow
	Others   int // sessions besides this one
}
