package models

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
)

// HashParams are the argon2id costs of a password hash.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultHashParams follow the first of OWASP's equivalent argon2id
// settings (Password Storage Cheat Sheet): 19 MiB, two passes, one lane.
// Its five settings are equally strong; this one has the fewest passes, so a
// sign-in costs the least time for the memory an attacker must spend per
// guess (BenchmarkHashPassword: 79 ms and 19 MB per hash on a loaded 2-core
// machine). With the semaphore around hashing, the memory in use stays
// near Limit × 19 MiB (plus garbage not yet collected) however many
// sign-ins arrive at once.
var DefaultHashParams = HashParams{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password length limits, in characters. The upper bound keeps hashing
// cheap to refuse; nothing is ever truncated.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
	// MaxPasswordBytes is the most bytes MaxPasswordLen characters can take,
	// checked before counting characters so a huge body costs nothing.
	MaxPasswordBytes = MaxPasswordLen * utf8.UTFMax
)

// ErrBusy means the server has too much work of this kind in hand right now;
// the client may try again shortly.
var ErrBusy = errors.New("busy")

// Hasher hashes and verifies passwords with argon2id, at most Limit at a
// time: each hash holds Memory KiB, so an unbounded number of concurrent
// sign-ins could exhaust memory.
type Hasher struct {
	params HashParams
	sem    chan struct{}
	wait   time.Duration
	// dummy is a hash of nothing anyone knows, verified for unknown emails;
	// made at the first need, so opening a store costs no hashing.
	dummy func() string
}

// NewHasher makes a hasher running at most limit hashes at once (0 means
// one per CPU, at least two). A hash that cannot start within wait fails
// with ErrBusy rather than queueing without end.
func NewHasher(p HashParams, limit int, wait time.Duration) *Hasher {
	if limit <= 0 {
		limit = max(2, runtime.GOMAXPROCS(0))
	}
	h := &Hasher{params: p, sem: make(chan struct{}, limit), wait: wait}
	h.dummy = sync.OnceValue(func() string {
		secret := make([]byte, 32)
		rand.Read(secret)
		return h.hash(secret)
	})
	return h
}

// Limit is how many hashes may run at once.
func (h *Hasher) Limit() int { return cap(h.sem) }

func (h *Hasher) acquire(ctx context.Context) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("models: password hashing: %w", ctx.Err())
	case <-t.C:
		return fmt.Errorf("models: password hashing: %w", ErrBusy)
	}
}

func (h *Hasher) release() { <-h.sem }

// Hash returns the PHC string of a new argon2id hash of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return h.hash([]byte(password)), nil
}

func (h *Hasher) hash(password []byte) string {
	p := h.params
	salt := make([]byte, p.SaltLen)
	rand.Read(salt)
	key := argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(phc{params: p, salt: salt, key: key})
}

// Verify reports whether password matches the PHC string stored; rehash is
// true when the stored hash used other costs than the hasher's, so the
// caller can store a fresh one. An empty stored hash is checked against a
// dummy hash, so an unknown account costs the same time as a known one.
func (h *Hasher) Verify(ctx context.Context, stored, password string) (ok, rehash bool, err error) {
	known := stored != ""
	if !known {
		stored = h.dummy()
	}
	ph, err := parsePHC(stored)
	if err != nil {
		return false, false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	key := argon2.IDKey([]byte(password), ph.salt, ph.params.Time, ph.params.Memory, ph.params.Threads, uint32(len(ph.key)))
	ok = subtle.ConstantTimeCompare(key, ph.key) == 1 && known
	p := h.params
	rehash = ok && (ph.params.Memory != p.Memory || ph.params.Time != p.Time || ph.params.Threads != p.Threads ||
		len(ph.key) != int(p.KeyLen) || len(ph.salt) != p.SaltLen)
	return ok, rehash, nil
}

// phc is an argon2id hash in parts.
type phc struct {
	params HashParams
	salt   []byte
	key    []byte
}

var b64 = base64.RawStdEncoding

func encodePHC(h phc) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads, b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// errBadHash means a stored hash is not one this code wrote.
var errBadHash = errors.New("models: password hash is not a PHC argon2id string")

// parsePHC reads $argon2id$v=19$m=…,t=…,p=…$salt$key. Costs are bounded, so
// a corrupted row cannot make one verification take gigabytes or minutes.
func parsePHC(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, errBadHash
	}
	var h phc
	for i, kv := range strings.Split(parts[3], ",") {
		name, val, ok := strings.Cut(kv, "=")
		want := [...]string{"m", "t", "p"}
		if !ok || i > 2 || name != want[i] {
			return phc{}, errBadHash
		}
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil || n == 0 {
			return phc{}, errBadHash
		}
		switch name {
		case "m":
			if n < 8 || n > 1<<20 { // 1 GiB
				return phc{}, errBadHash
			}
			h.params.Memory = uint32(n)
		case "t":
			if n > 16 {
				return phc{}, errBadHash
			}
			h.params.Time = uint32(n)
		case "p":
			if n > 16 {
				return phc{}, errBadHash
			}
			h.params.Threads = uint8(n)
		}
	}
	if h.params.Memory == 0 || h.params.Time == 0 || h.params.Threads == 0 {
		return phc{}, errBadHash
	}
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 || len(h.salt) > 64 {
		return phc{}, errBadHash
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return phc{}, errBadHash
	}
	h.params.SaltLen, h.params.KeyLen = len(h.salt), uint32(len(h.key))
	return h, nil
}

// minPasswordScore is the least zxcvbn score (0 to 4) a new password needs:
// 3 is "safely unguessable: moderate protection from offline slow-hash
// scenario", which argon2id is.
const minPasswordScore = 3

// strengthPrefix is how much of a password the estimator reads: its cost
// grows faster than the length, and 64 characters a guesser cannot find are
// already far beyond any attack.
const strengthPrefix = 64

// PasswordProblem says what is wrong with a new password, in words for the
// person choosing it, or "" when it is acceptable. hints are words the
// password must not lean on (the email, the name).
func PasswordProblem(password string, hints ...string) string {
	if len(password) > MaxPasswordBytes {
		return fmt.Sprintf("The password is longer than %d characters.", MaxPasswordLen)
	}
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return "The password is not valid text."
	case n < MinPasswordLen:
		return fmt.Sprintf("The password must be at least %d characters long.", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("The password is longer than %d characters.", MaxPasswordLen)
	}
	inputs := []string{"timeline", "mobilization", "admin", "editor"}
	for _, h := range hints {
		inputs = append(inputs, h)
		if local, _, ok := strings.Cut(h, "@"); ok {
			inputs = append(inputs, local)
		}
	}
	head := password
	if n > strengthPrefix {
		head = string([]rune(password)[:strengthPrefix])
	}
	if r := zxcvbn.PasswordStrength(head, inputs); r.Score < minPasswordScore {
		return "The password is too easy to guess: it is common, or close to a word, a name or the email. " +
			"A few unrelated words, or a password manager's random password, will do."
	}
	return ""
}
