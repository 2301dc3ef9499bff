package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/admin":               "/admin",
		"/admin/audit?user=2":  "/admin/audit?user=2",
		"/events/4#sources":    "/events/4#sources",
		"//evil.example":       "",
		"/\\evil.example":      "",
		"https://evil.example": "",
		"javascript:alert(1)":  "",
		"admin":                "",
		"/admin\n":             "",
		"/login?next=/admin":   "",
		"/logout":              "",
		"/loginx":              "/loginx",
		"/%2F%2Fevil.example":  "",
		"/a/%2F%2Fevil":        "/a/%2F%2Fevil",
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLoginFormKeepsNoPasswords(t *testing.T) {
	vals := url.Values{"email": {"a@example.org"}, "password": {"pw"}, "resend": {"/admin/users"},
		"keep.email": {"new@example.org"}, "keep.password": {"secret"}, "keep._csrf": {"old"}, "keep.new_password": {"x"},
		"dropped": {"password", "email"}}
	f, err := parseLoginForm(vals)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Kept) != 1 || f.Kept[0].Name != "email" || len(f.Dropped) != 1 || f.Dropped[0] != "password" {
		t.Errorf("kept %+v, dropped %q", f.Kept, f.Dropped)
	}
	for _, bad := range []string{"/login", "/events/1", "//evil.example/admin"} {
		vals.Set("resend", bad)
		if f, _ := parseLoginForm(vals); f.Resend != "" || len(f.Kept) != 0 {
			t.Errorf("resend %q accepted as %q", bad, f.Resend)
		}
	}
}

// FuzzLoginForm checks the sign-in form's parsing of anything a client can
// send: it never panics, never lets a redirect leave the site, never keeps
// a password, and refuses oversized fields as input errors.
func FuzzLoginForm(f *testing.F) {
	for _, seed := range []string{"email=a%40example.org&password=pw&next=%2Fadmin",
		"next=%2F%2Fevil&resend=%2Fadmin%2Fusers&keep.name=x&keep.password=y&dropped=password",
		"next=%2F%5Cevil", "resend=%2Faccount%2Fpassword&keep.current=z", "password=" + strings.Repeat("x", 1100),
		"next=javascript%3Aalert(1)", "email=%FF%FE&next=%2Fadmin%0d%0a"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		form, err := parseLoginForm(vals)
		if err != nil {
			if _, ok := IsInputError(err); !ok {
				t.Fatalf("%q: error %v is not an input error", raw, err)
			}
			return
		}
		if len(form.Password) > 1024 || utf8.RuneCountInString(form.Password) > 256 {
			t.Fatalf("accepted a password of %d bytes", len(form.Password))
		}
		for _, p := range []string{form.Next, form.Resend} {
			if p == "" {
				continue
			}
			u, err := url.Parse(p)
			if err != nil || p[0] != '/' || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") || u.Host != "" || u.Scheme != "" {
				t.Fatalf("%q: a path that leaves the site: %q", raw, p)
			}
		}
		if form.Resend != "" && !Guarded(form.Resend) {
			t.Fatalf("%q: resend to a public path %q", raw, form.Resend)
		}
		for _, k := range form.Kept {
			if isSecretField(k.Name) || k.Name == "_csrf" {
				t.Fatalf("%q: kept %q", raw, k.Name)
			}
		}
	})
}
