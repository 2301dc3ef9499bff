package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"timeline/extract"
	"timeline/extract/places"
	"timeline/fetch"
	"timeline/models"
)

// maxAttempts is how many times an item may be started: one that stopped
// the server each time is failed rather than tried for ever.
const maxAttempts = 3

// Runner works through the ingest jobs kept in PostgreSQL: the queued ones,
// and those a stopped process left running (their advisory lock went with
// its connections). Each article is stored in one transaction together
// with its item's result, so an interruption loses at most the article in
// hand, which runs again on resume.
type Runner struct {
	store  *models.Store
	log    *slog.Logger
	client *fetch.Client
	// Poll is how often Run looks for jobs when not woken.
	Poll time.Duration

	wake    chan struct{}
	gazOnce sync.Once
	gaz     *places.Gazetteer
	gazErr  error
}

// NewRunner builds a runner fetching URLs through client.
func NewRunner(store *models.Store, log *slog.Logger, client *fetch.Client) *Runner {
	return &Runner{store: store, log: log, client: client, Poll: 5 * time.Second, wake: make(chan struct{}, 1)}
}

// Kick wakes Run to look for jobs now.
func (r *Runner) Kick() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run works through jobs until ctx ends: at once (resuming what a restart
// interrupted), then when kicked, and every Poll.
func (r *Runner) Run(ctx context.Context) {
	for {
		if err := r.RunPending(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("ingest jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-time.After(r.Poll):
		}
	}
}

// RunPending runs every unfinished job that no other worker holds.
func (r *Runner) RunPending(ctx context.Context) error {
	ids, err := r.store.UnfinishedIngestJobs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		release, ok, err := r.store.LockIngestJob(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		err = r.runJob(ctx, id)
		release()
		if err != nil {
			return fmt.Errorf("ingest: job %d: %w", id, err)
		}
	}
	return nil
}

func (r *Runner) gazetteer() (*places.Gazetteer, error) {
	r.gazOnce.Do(func() { r.gaz, r.gazErr = places.NewGazetteer() })
	return r.gaz, r.gazErr
}

func (r *Runner) runJob(ctx context.Context, id int64) error {
	job, err := r.store.IngestJob(ctx, id)
	if err != nil {
		return err
	}
	if job.Finished() { // finished by another worker since the list was read
		return nil
	}
	if err := r.store.StartIngestJob(ctx, id); err != nil {
		return err
	}
	gaz, err := r.gazetteer()
	if err != nil {
		return r.store.FinishIngestJob(ctx, id, models.JobFailed, "the place names could not be loaded: "+err.Error())
	}
	for {
		it, err := r.store.NextIngestItem(ctx, id)
		if errors.Is(err, models.ErrNotFound) {
			break
		}
		if err != nil {
			return err
		}
		if it.Attempts > maxAttempts {
			if err := r.store.FailIngestItem(ctx, it.ID, fmt.Sprintf("stopped %d times while being ingested (the server restarted): not tried again", maxAttempts)); err != nil {
				return err
			}
			continue
		}
		if err := r.runItem(ctx, gaz, it); err != nil {
			return err
		}
	}
	r.log.Info("ingest job finished", "job", id)
	return r.store.FinishIngestJob(ctx, id, models.JobDone, "")
}

// runItem stores one article. Its own failures go on the item; only the
// database's failures, and the end of ctx, stop the job.
func (r *Runner) runItem(ctx context.Context, gaz *places.Gazetteer, it *models.IngestItem) error {
	doc, srcURL, err := r.read(ctx, it)
	if err == nil {
		err = r.store.InTx(ctx, func(tx *models.Store) error {
			res, err := tx.Ingest(ctx, SourceOf(doc, srcURL), NewEvents(doc, gaz, models.StatusDraft), SameHappening)
			if err != nil {
				return err
			}
			return tx.FinishIngestItem(ctx, it.ID, res)
		})
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !errors.Is(err, models.ErrInvalid) {
			r.log.Error("ingest article", "job", it.JobID, "item", it.ID, "err", err)
			err = errors.New("it could not be stored (the server log has the details)")
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return r.store.FailIngestItem(ctx, it.ID, reason(err))
}

func (r *Runner) read(ctx context.Context, it *models.IngestItem) (extract.Document, string, error) {
	raw, name, contentType, srcURL := it.Payload, it.Name, "", it.URL
	if it.Kind == "url" {
		var err error
		raw, srcURL, contentType, err = Fetch(ctx, r.client, it.URL)
		if err != nil {
			return extract.Document{}, "", err
		}
	}
	doc, err := Read(raw, name, contentType, srcURL, it.Published, it.Published == nil)
	if err != nil {
		return doc, "", err
	}
	if it.Title != "" {
		doc.Title = it.Title
	}
	if it.Outlet != "" {
		doc.Site = it.Outlet
	}
	return doc, srcURL, nil
}

// reason is an error as a person reads it, without the package prefixes.
func reason(err error) string {
	s := strings.ReplaceAll(err.Error(), "give one with --published YYYY-MM-DD", "give the date it was published")
	for _, p := range []string{"extract: ", "fetch: ", "models: "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}
