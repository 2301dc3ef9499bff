package models

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
	"gorm.io/gorm"
)

// Filter selects published events for the chronology. Zero values mean "no
// restriction"; the window is inclusive and matches every event whose date
// range overlaps it.
type Filter struct {
	From, To time.Time
	Types    []string
	Places   []string // place names
	Actors   []string // actor names
	Query    string   // web search syntax, run through websearch_to_tsquery
	// SkipOngoing keeps only the events that start inside the window, not
	// those already in progress when it opens.
	SkipOngoing bool
	After       *Cursor // keyset paging: events strictly after this position
	// Before pages backwards: the last Limit events strictly before this
	// position (still returned in chronological order). Not with After.
	Before *Cursor
	Limit  int
}

// Cursor is a position in chronological order (date_start, then id).
type Cursor struct {
	Date time.Time
	ID   int64
}

// String encodes the cursor for a URL.
func (c Cursor) String() string {
	raw := c.Date.Format(time.DateOnly) + "." + strconv.FormatInt(c.ID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor decodes a cursor made by Cursor.String.
func ParseCursor(s string) (Cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) > 40 {
		return Cursor{}, fmt.Errorf("models: cursor: malformed: %w", ErrInvalid)
	}
	date, id, ok := strings.Cut(string(raw), ".")
	d, derr := time.Parse(time.DateOnly, date)
	n, nerr := strconv.ParseInt(id, 10, 64)
	if !ok || derr != nil || nerr != nil {
		return Cursor{}, fmt.Errorf("models: cursor: malformed: %w", ErrInvalid)
	}
	return Cursor{Date: d, ID: n}, nil
}

// MaxPage is the most events one page can hold.
const MaxPage = 500

// Page is one page of the chronology.
type Page struct {
	Events []Event
	Next   *Cursor // nil on the last page
	// Prev is set when a Before page has more events before it: the
	// position of its first event, for the page before.
	Prev *Cursor
	// Marks are where the events match the search, as Highlights gives
	// them, when ListEventsBrief read a search's page; nil otherwise.
	Marks map[int64]Highlight
}

// published starts a query of the published events matching f's filters,
// without its window or paging. The status is a literal so the planner can
// use the partial index on published events even with prepared statements.
func (s *Store) published(ctx context.Context, f Filter) *gorm.DB {
	q := s.db.WithContext(ctx).Model(&Event{}).Where("events.status = 'published'")
	if len(f.Types) > 0 {
		q = q.Where("events.type IN ?", f.Types)
	}
	// Names match regardless of case: "wagner group" finds "Wagner Group".
	if len(f.Places) > 0 {
		q = q.Where("events.place_id IN (SELECT id FROM places WHERE lower(name) IN ?)", lowered(f.Places))
	}
	if len(f.Actors) > 0 {
		q = q.Where(`events.id IN (SELECT ea.event_id FROM event_actors ea
			JOIN actors a ON a.id = ea.actor_id WHERE lower(a.name) IN ?)`, lowered(f.Actors))
	}
	if f.Query != "" {
		q = q.Where("events.search @@ websearch_to_tsquery('english', ?)", f.Query)
	}
	return q
}

// ongoingAt selects the events in progress when a window opens on the day
// given: started before it, not yet ended. It is the expression of the
// index events_published_ongoing_keys (migrations/00019_covering_list_indexes.sql).
const ongoingAt = "daterange(events.date_start, events.date_end, '(]') @> ?::date"

// typesOnly reports whether f filters by nothing but types and window, so
// the counts kept per start day and month can answer for it.
func (f Filter) typesOnly() bool {
	return len(f.Places) == 0 && len(f.Actors) == 0 && f.Query == ""
}

// CountsExactly reports whether CountUpTo counts f's events exactly,
// whatever their number: a view filtered by types and window only.
func (f Filter) CountsExactly() bool { return f.typesOnly() }

// windowed adds f's window to q: the events overlapping [From, To], or
// starting inside it.
func windowed(q *gorm.DB, f Filter) *gorm.DB {
	if !f.From.IsZero() && f.SkipOngoing {
		q = q.Where("events.date_start >= ?", f.From)
	} else if !f.From.IsZero() {
		q = q.Where("events.date_end >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("events.date_start <= ?", f.To)
	}
	return q
}

// ListEvents returns published events matching f in chronological order, one
// page at a time.
//
// One query: the page's rows with their type and place joined. GORM only
// builds the SQL; pgx runs it and scans the rows itself, without
// database/sql's conversions. A page's events share a few types and places,
// so each is decoded once and the events point at the same one.
func (s *Store) ListEvents(ctx context.Context, f Filter) (Page, error) {
	limit := f.Limit
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	stmt := s.db.WithContext(ctx).Raw(`SELECT `+listCols+`,
			c.slug, c.name, c.colour, c.description, c.sort_order,
			p.id, p.name, p.kind, p.region, p.country_code, p.lat, p.lon, p.aliases
		FROM (?) AS events
		LEFT JOIN categories c ON c.slug = events.type
		LEFT JOIN places p ON p.id = events.place_id
		ORDER BY events.date_start, events.id`, s.pageQuery(ctx, f, limit+1, listCols)).Statement
	if stmt.Error != nil {
		return Page{}, fmt.Errorf("models: list events: %w", stmt.Error)
	}
	evs := make([]Event, 0, limit+1)
	var (
		e                 Event
		status, precision string
		confidence        float32
		importKey         pgtype.Text
		mergedInto, place pgtype.Int8
		published         pgtype.Timestamptz
		// The joined columns, NULL when a join finds nothing.
		cSlug, cName, cColour, cDesc    pgtype.Text
		cOrder                          pgtype.Int4
		pID                             pgtype.Int8
		pName, pKind, pRegion, pCountry pgtype.Text
		pLat, pLon                      *float64
		pAliases                        []string
		cats                            = map[string]*Category{}
		places                          = map[int64]*Place{}
	)
	eventCols := []any{&e.ID, &importKey, &e.Slug, &e.Title, &e.Summary, &e.Type, &status,
		&mergedInto, &e.DateStart, &e.DateEnd, &precision, &e.DateText, &place,
		&confidence, &e.ExtractorVersion, &e.Version, &e.CreatedAt, &e.UpdatedAt, &published}
	catCols := []any{&cSlug, &cName, &cColour, &cDesc, &cOrder}
	placeCols := []any{&pID, &pName, &pKind, &pRegion, &pCountry, &pLat, &pLon, &pAliases}
	// A row is scanned in two steps: its event, then, the first time a
	// page meets its type or place, those (nil skips a column).
	n := len(eventCols) + len(catCols) + len(placeCols)
	dest, joined := make([]any, n), make([]any, n)
	copy(dest, eventCols)
	err := s.eachRow(ctx, stmt, func(rows pgx.Rows) error {
		e = Event{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		e.Status, e.DatePrecision, e.Confidence = Status(status), Precision(precision), float64(confidence)
		e.ImportKey, e.MergedIntoID, e.PlaceID, e.PublishedAt = nullable(importKey), nullableInt(mergedInto), nullableInt(place), nullableTime(published)
		c, haveCat := cats[e.Type]
		var p *Place
		haveP := e.PlaceID == nil
		if !haveP {
			p, haveP = places[*e.PlaceID]
		}
		if !haveCat || !haveP {
			clear(joined)
			if !haveCat {
				copy(joined[len(eventCols):], catCols)
			}
			if !haveP {
				copy(joined[len(eventCols)+len(catCols):], placeCols)
			}
			if err := rows.Scan(joined...); err != nil {
				return err
			}
			if !haveCat {
				if c = nil; cSlug.Valid {
					c = &Category{Slug: cSlug.String, Name: cName.String, Colour: cColour.String,
						Description: cDesc.String, SortOrder: int(cOrder.Int32)}
				}
				cats[e.Type] = c
			}
			if !haveP {
				if p = nil; pID.Valid {
					p = &Place{ID: pID.Int64, Name: pName.String, Kind: pKind.String, Region: pRegion.String,
						CountryCode: pCountry.String, Lat: pLat, Lon: pLon, Aliases: pq.StringArray(pAliases)}
				}
				places[*e.PlaceID] = p
			}
		}
		e.Category, e.Place = c, p
		evs = append(evs, e)
		return nil
	})
	if err != nil {
		return Page{}, fmt.Errorf("models: list events: %w", err)
	}
	return cutPage(evs, f, limit), nil
}

// cutPage makes a page of the rows read for f: up to limit of them, and
// one more when there is a page after (or, read backwards, before) them.
func cutPage(evs []Event, f Filter, limit int) Page {
	var p Page
	switch {
	case f.Before != nil:
		// Read backwards: the one extra row is the earliest, and the
		// position asked for is itself later, so there is always a next page.
		if len(evs) > limit {
			evs = evs[1:]
			p.Prev = &Cursor{Date: evs[0].DateStart, ID: evs[0].ID}
		}
		p.Next = f.Before
		if len(evs) > 0 {
			last := evs[len(evs)-1]
			p.Next = &Cursor{Date: last.DateStart, ID: last.ID}
		}
	case len(evs) > limit:
		evs = evs[:limit]
		last := evs[limit-1]
		p.Next = &Cursor{Date: last.DateStart, ID: last.ID}
	}
	p.Events = evs
	return p
}

// briefCols are the columns a list page shows (see ListEventsBrief).
const briefCols = `events.id, events.slug, events.title, events.summary, events.type, events.date_start,
	events.date_end, events.date_precision, events.date_text, events.place_id`

// ListEventsBrief is ListEvents for the pages that list events: the same
// events and pages, each with only the fields a list shows (ID, Slug,
// Title, Summary, Type, the dates with their precision and words, PlaceID),
// and without its Category and Place, which such a page already holds
// (Categories, Places). Without the joins and the other nine columns,
// PostgreSQL plans and runs a page of 200 in a third of the time. A
// search's page comes with its Marks, in the same query.
func (s *Store) ListEventsBrief(ctx context.Context, f Filter) (Page, error) {
	limit := f.Limit
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	// Ordered again outside: a page read backwards comes in reverse.
	sel, args := "SELECT *", []any{}
	if f.Query != "" {
		sel, args = "SELECT *, "+headlineSQL, []any{headlineJoin, f.Query, headlineOptions}
	}
	args = append(args, s.pageQuery(ctx, f, limit+1, briefCols))
	stmt := s.db.WithContext(ctx).Raw(sel+` FROM (?) AS events ORDER BY date_start, id`, args...).Statement
	if stmt.Error != nil {
		return Page{}, fmt.Errorf("models: list events: %w", stmt.Error)
	}
	evs := make([]Event, 0, limit+1)
	var marks map[int64]Highlight
	if f.Query != "" {
		marks = map[int64]Highlight{}
	}
	var (
		e         Event
		precision string
		place     pgtype.Int8
		headline  string
	)
	dest := []any{&e.ID, &e.Slug, &e.Title, &e.Summary, &e.Type, &e.DateStart, &e.DateEnd, &precision, &e.DateText, &place}
	if marks != nil {
		dest = append(dest, &headline)
	}
	err := s.eachRow(ctx, stmt, func(rows pgx.Rows) error {
		e = Event{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		e.Status, e.DatePrecision, e.PlaceID = StatusPublished, Precision(precision), nullableInt(place)
		evs = append(evs, e)
		if marks != nil {
			if h, ok := highlightOf(e.Title, e.Summary, headline); ok {
				marks[e.ID] = h
			}
		}
		return nil
	})
	if err != nil {
		return Page{}, fmt.Errorf("models: list events: %w", err)
	}
	p := cutPage(evs, f, limit)
	p.Marks = marks
	return p, nil
}

func nullable(t pgtype.Text) *string {
	if !t.Valid {
		return nil
	}
	return &t.String
}

func nullableInt(n pgtype.Int8) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func nullableTime(t pgtype.Timestamptz) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// eachRow runs stmt on a connection as pgx sees it and calls row for each
// of its rows, to scan it.
func (s *Store) eachRow(ctx context.Context, stmt *gorm.Statement, row func(pgx.Rows) error) error {
	return s.withPgx(ctx, func(conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, stmt.SQL.String(), stmt.Vars...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// withPgx runs f on a connection of the pool as pgx sees it, for the hot
// reads that scan many rows.
func (s *Store) withPgx(ctx context.Context, f func(*pgx.Conn) error) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("models: the driver is %T, not pgx", dc)
		}
		return f(pc.Conn())
	})
}

// listCols are the event columns a list needs: every field of Event that
// is a column, never the search tsvector.
const listCols = `events.id, events.import_key, events.slug, events.title, events.summary, events.type,
	events.status, events.merged_into_id, events.date_start, events.date_end, events.date_precision,
	events.date_text, events.place_id, events.confidence, events.extractor_version, events.version,
	events.created_at, events.updated_at, events.published_at`

// pageQuery selects the rows of one page. A window is read as two ordered
// index scans: the events that start inside it (btree on date_start) and the
// few already in progress when it opens (range containment on the GiST
// index). A single "date_end >= from" scan would wade through every earlier
// event.
//
// Where a scan tests many more events than the page keeps (the words of a
// search; the events in progress, all read to be sorted), it reads only
// their keys (date_start, id) from an index that holds what it tests
// (migrations/00019_covering_list_indexes.sql), and then the table for the
// page's events alone.
func (s *Store) pageQuery(ctx context.Context, f Filter, n int, cols string) *gorm.DB {
	matching := func(cols string) *gorm.DB {
		q := s.published(ctx, f).Select(cols)
		if f.After != nil {
			q = q.Where("(events.date_start, events.id) > (?, ?)", f.After.Date, f.After.ID)
		}
		if f.Before != nil {
			q = q.Where("(events.date_start, events.id) < (?, ?)", f.Before.Date, f.Before.ID)
		}
		if !f.To.IsZero() {
			q = q.Where("events.date_start <= ?", f.To)
		}
		return q
	}
	// Paging backwards reads the same indexes in the other direction.
	inner, order, keyed := "events.date_start, events.id", "date_start, id", "k.date_start, k.id"
	if f.Before != nil {
		inner, order, keyed = "events.date_start DESC, events.id DESC", "date_start DESC, id DESC", "k.date_start DESC, k.id DESC"
	}
	ordered := func(q *gorm.DB) *gorm.DB { return q.Order(inner).Limit(n) }
	// byKeys reads the events whose keys the query keys selects, in their
	// order. The page's date_start is the keys' own, so the planner knows
	// the rows come in order and sorts them no more.
	keyedCols := strings.Replace(cols, "events.date_start", "k.date_start", 1)
	byKeys := func(keys *gorm.DB) *gorm.DB {
		return s.db.WithContext(ctx).Raw(`SELECT `+keyedCols+` FROM (?) AS k
			JOIN events ON events.id = k.id ORDER BY `+keyed, keys)
	}
	// first is the first n events of those q selects (with the window's
	// start, if any, added by from). A search reads the keys of the events
	// of short texts and of long ones from their two indexes.
	first := func(from func(*gorm.DB) *gorm.DB) *gorm.DB {
		if f.Query != "" {
			return byKeys(s.db.WithContext(ctx).Raw(`SELECT * FROM ((?) UNION ALL (?)) keys ORDER BY `+order+` LIMIT ?`,
				ordered(from(matching(keyCols)).Where(shortText)), ordered(from(matching(keyCols)).Where(longText)), n))
		}
		return ordered(from(matching(cols)))
	}
	if f.From.IsZero() {
		return first(func(q *gorm.DB) *gorm.DB { return q })
	}
	starting := first(func(q *gorm.DB) *gorm.DB { return q.Where("events.date_start >= ?", f.From) })
	if f.SkipOngoing {
		return starting
	}
	// The events in progress are found by their GiST index and then sorted.
	// OFFSET 0 keeps the planner from walking the date_start btree in order
	// instead, hoping to meet n of them early: over a million events it
	// waded through 468,000 earlier ones to find 201 (1.5 s).
	inProgress := s.db.WithContext(ctx).Raw(`SELECT * FROM (? OFFSET 0) ongoing ORDER BY `+order+` LIMIT ?`,
		matching(keyCols).Where(ongoingAt, f.From), n)
	return s.db.WithContext(ctx).Raw(`SELECT * FROM (
			(?) UNION ALL (?)
		) page ORDER BY `+order+` LIMIT ?`, byKeys(inProgress), starting, n)
}

// keyCols are a page's order: what pageQuery finds its events by.
const keyCols = "events.date_start, events.id"

// shortText and longText split the events as the predicates of the
// indexes events_published_search and events_published_long
// (migrations/00020_search_index_short_texts.sql) do: a search reads each
// part from its index.
const (
	shortText = "octet_length(events.title) + octet_length(events.summary) + octet_length(events.date_text) <= 700"
	longText  = "octet_length(events.title) + octet_length(events.summary) + octet_length(events.date_text) > 700"
)

// Empty reports whether the database holds no events at all.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1) e").Scan(&n).Error; err != nil {
		return false, fmt.Errorf("models: empty: %w", err)
	}
	return n == 0, nil
}

func lowered(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	return out
}

// Count returns how many published events match f and overlap its window
// (or start inside it); paging is ignored. With only type filters it adds
// up the counts kept per start month and day, so counting a whole
// chronology reads a few thousand rows at most, whatever the number of
// events.
func (s *Store) Count(ctx context.Context, f Filter) (int, error) {
	var n int64
	if !f.typesOnly() {
		if err := windowed(s.published(ctx, f), f).Count(&n).Error; err != nil {
			return 0, fmt.Errorf("models: count: %w", err)
		}
		return int(n), nil
	}
	// Events starting inside the window: whole months from the month
	// counts, the days before the first and after the last from the day
	// counts. An open end is left open.
	sum := func(table string) *gorm.DB {
		q := s.db.WithContext(ctx).Table(table).Select("coalesce(sum(n), 0)")
		if len(f.Types) > 0 {
			q = q.Where("type IN ?", f.Types)
		}
		return q
	}
	months, days := sum("event_month_counts"), sum("event_day_counts")
	first, end := f.From, f.To // whole months are those from first until end
	if !f.From.IsZero() {
		if first = UnitMonth.Floor(f.From); first.Before(f.From) {
			first = first.AddDate(0, 1, 0)
		}
		months = months.Where("month >= ?", first)
	}
	if !f.To.IsZero() {
		end = UnitMonth.Floor(f.To.AddDate(0, 0, 1))
		months = months.Where("month < ?", end)
	}
	switch {
	case !f.From.IsZero() && !f.To.IsZero() && !first.Before(end):
		// No whole month inside: every day from the day counts.
		months = months.Where("false")
		days = days.Where("day BETWEEN ? AND ?", f.From, f.To)
	case !f.From.IsZero() && !f.To.IsZero():
		days = days.Where("(day >= ? AND day < ?) OR (day >= ? AND day <= ?)", f.From, first, end, f.To)
	case !f.From.IsZero():
		days = days.Where("day >= ? AND day < ?", f.From, first)
	case !f.To.IsZero():
		days = days.Where("day >= ? AND day <= ?", end, f.To)
	default:
		days = days.Where("false")
	}
	query := "SELECT (?) + (?)"
	args := []any{months, days}
	if !f.From.IsZero() && !f.SkipOngoing {
		ongoing := s.published(ctx, f).Select("count(*)").
			Where(ongoingAt, f.From)
		query, args = query+" + (?)", append(args, ongoing)
	}
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count: %w", err)
	}
	return int(n), nil
}
