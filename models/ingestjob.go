package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"
	"gorm.io/gorm"
)

// JobState is where an ingest job stands.
type JobState string

// The states of an ingest job. A job whose articles all ran is done, even
// when some of them failed: their errors are on their items.
const (
	JobQueued  JobState = "queued"
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// IngestJob is one submission of the ingest form: articles stored one by
// one by a worker, with its progress kept in PostgreSQL.
type IngestJob struct {
	ID         int64
	CreatedBy  *int64
	CreatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
	State      JobState
	Error      string
	Items      []IngestItem `gorm:"foreignKey:JobID"`
}

// Finished reports whether the job will change no more.
func (j *IngestJob) Finished() bool { return j.State == JobDone || j.State == JobFailed }

// Progress counts the job's finished articles and all of them.
func (j *IngestJob) Progress() (done, total int) {
	for _, it := range j.Items {
		if it.State != ItemPending {
			done++
		}
	}
	return done, len(j.Items)
}

// The states of an item.
const (
	ItemPending = "pending"
	ItemDone    = "done"
	ItemFailed  = "failed"
)

// IngestItem is one article of a job and, once it ran, what storing it did.
type IngestItem struct {
	ID         int64
	JobID      int64
	Position   int
	Kind       string // text, file or url
	Name       string
	Title      string
	Outlet     string
	URL        string
	Published  *time.Time `gorm:"type:date"`
	Payload    []byte
	State      string
	Attempts   int
	SourceID   *int64
	Outcome    string // new, existing or version
	Created    int
	Linked     int
	Updated    int
	Stale      int
	EventIDs   pq.Int64Array `gorm:"type:bigint[]"`
	Error      string
	FinishedAt *time.Time
}

// NewIngestItem is one article handed to CreateIngestJob. An item with
// Error set was refused at the door (an empty or binary upload) and is
// stored as failed, so the job reports it beside the others.
type NewIngestItem struct {
	Kind      string
	Name      string
	Title     string
	Outlet    string
	URL       string
	Published *time.Time
	Payload   []byte
	Error     string
}

// MaxJobItems caps the articles of one job.
const MaxJobItems = 100

// CreateIngestJob stores a queued job and its items in one transaction,
// audited as the caller's.
func (s *Store) CreateIngestJob(ctx context.Context, items []NewIngestItem) (*IngestJob, error) {
	if len(items) == 0 || len(items) > MaxJobItems {
		return nil, fmt.Errorf("models: ingest job of %d articles (1 to %d): %w", len(items), MaxJobItems, ErrInvalid)
	}
	now := s.Now().UTC()
	job := IngestJob{CreatedBy: CallerFrom(ctx).UserID, CreatedAt: now, State: JobQueued}
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Omit("Items").Create(&job).Error; err != nil {
			return err
		}
		names := make([]string, 0, len(items))
		for i, n := range items {
			it := IngestItem{JobID: job.ID, Position: i + 1, Kind: n.Kind, Name: n.Name, Title: n.Title,
				Outlet: n.Outlet, URL: n.URL, Published: n.Published, Payload: n.Payload, State: ItemPending,
				EventIDs: pq.Int64Array{}}
			if n.Error != "" {
				it.State, it.Error, it.Payload, it.FinishedAt = ItemFailed, n.Error, nil, &now
			}
			if err := tx.db.WithContext(ctx).Create(&it).Error; err != nil {
				return err
			}
			names = append(names, n.Name)
		}
		return tx.Audit(ctx, AuditEntry{Action: "ingest.submit", Entity: "ingest_job", EntityID: &job.ID,
			After: JSON(map[string]any{"articles": names})})
	})
	if err != nil {
		return nil, fmt.Errorf("models: create ingest job: %w", err)
	}
	return &job, nil
}

// IngestJob returns a job and its items, without their payloads.
func (s *Store) IngestJob(ctx context.Context, id int64) (*IngestJob, error) {
	var job IngestJob
	err := s.db.WithContext(ctx).Preload("Items", func(db *gorm.DB) *gorm.DB {
		return db.Omit("payload").Order("position")
	}).Take(&job, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: ingest job %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("models: ingest job %d: %w", id, err)
	}
	return &job, nil
}

// IngestJobs returns the latest jobs, newest first, with their items.
func (s *Store) IngestJobs(ctx context.Context, limit int) ([]IngestJob, error) {
	var jobs []IngestJob
	err := s.db.WithContext(ctx).Preload("Items", func(db *gorm.DB) *gorm.DB {
		return db.Omit("payload").Order("position")
	}).Order("id DESC").Limit(limit).Find(&jobs).Error
	if err != nil {
		return nil, fmt.Errorf("models: ingest jobs: %w", err)
	}
	return jobs, nil
}

// UnfinishedIngestJobs lists the jobs queued or interrupted, oldest first.
func (s *Store) UnfinishedIngestJobs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&IngestJob{}).Where("state IN ?", []JobState{JobQueued, JobRunning}).
		Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("models: unfinished ingest jobs: %w", err)
	}
	return ids, nil
}

// jobLockSpace is the first key of the advisory locks that jobs hold.
const jobLockSpace = 0x1e57

// LockIngestJob takes a session advisory lock on the job, on a connection
// of its own, so one worker in all replicas runs it; the lock goes with the
// connection when the process dies, so a restart can take the job over.
// It returns ok false when another worker holds it. release ends the lock.
func (s *Store) LockIngestJob(ctx context.Context, id int64) (release func(), ok bool, err error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, false, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("models: lock ingest job %d: %w", id, err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, $2)", jobLockSpace, int32(id)).Scan(&ok); err != nil || !ok {
		conn.Close()
		if err != nil {
			return nil, false, fmt.Errorf("models: lock ingest job %d: %w", id, err)
		}
		return nil, false, nil
	}
	return func() {
		conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1, $2)", jobLockSpace, int32(id))
		conn.Close()
	}, true, nil
}

// StartIngestJob marks a job running.
func (s *Store) StartIngestJob(ctx context.Context, id int64) error {
	now := s.Now().UTC()
	err := s.db.WithContext(ctx).Model(&IngestJob{}).Where("id = ?", id).
		Updates(map[string]any{"state": JobRunning, "started_at": gorm.Expr("coalesce(started_at, ?)", now)}).Error
	if err != nil {
		return fmt.Errorf("models: start ingest job %d: %w", id, err)
	}
	return nil
}

// NextIngestItem returns the job's first pending item with its payload,
// counting the attempt first: an item that stopped the server each time it
// ran is not tried for ever. ErrNotFound means none is left.
func (s *Store) NextIngestItem(ctx context.Context, jobID int64) (*IngestItem, error) {
	var it IngestItem
	res := s.db.WithContext(ctx).Raw(`UPDATE ingest_items SET attempts = attempts + 1
		WHERE id = (SELECT id FROM ingest_items WHERE job_id = ? AND state = 'pending' ORDER BY position LIMIT 1)
		RETURNING *`, jobID).Scan(&it)
	if res.Error != nil {
		return nil, fmt.Errorf("models: next item of ingest job %d: %w", jobID, res.Error)
	}
	if res.RowsAffected == 0 || it.ID == 0 {
		return nil, fmt.Errorf("models: next item of ingest job %d: %w", jobID, ErrNotFound)
	}
	return &it, nil
}

// FinishIngestItem records what storing the item's article did and drops
// its payload. Call it on the transaction that stored the article.
func (s *Store) FinishIngestItem(ctx context.Context, id int64, res IngestResult) error {
	outcome := "new"
	switch {
	case res.Existing:
		outcome = "existing"
	case res.Version:
		outcome = "version"
	}
	ids := res.EventIDs
	if ids == nil {
		ids = []int64{}
	}
	err := s.db.WithContext(ctx).Model(&IngestItem{}).Where("id = ?", id).Updates(map[string]any{
		"state": ItemDone, "source_id": res.SourceID, "outcome": outcome, "created": res.Created,
		"linked": res.Linked, "updated": res.Updated, "stale": res.Stale, "event_ids": pq.Int64Array(ids),
		"payload": nil, "finished_at": s.Now().UTC(),
	}).Error
	if err != nil {
		return fmt.Errorf("models: finish ingest item %d: %w", id, err)
	}
	return nil
}

// FailIngestItem records why an item's article could not be stored.
func (s *Store) FailIngestItem(ctx context.Context, id int64, reason string) error {
	err := s.db.WithContext(ctx).Model(&IngestItem{}).Where("id = ?", id).Updates(map[string]any{
		"state": ItemFailed, "error": reason, "payload": nil, "finished_at": s.Now().UTC(),
	}).Error
	if err != nil {
		return fmt.Errorf("models: fail ingest item %d: %w", id, err)
	}
	return nil
}

// FinishIngestJob marks a job done, or failed with a reason, and audits it.
func (s *Store) FinishIngestJob(ctx context.Context, id int64, state JobState, reason string) error {
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Model(&IngestJob{}).Where("id = ?", id).
			Updates(map[string]any{"state": state, "error": reason, "finished_at": s.Now().UTC()}).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Action: "ingest.finish", Entity: "ingest_job", EntityID: &id, ActorLabel: "ingest worker",
			After: JSON(map[string]any{"state": state, "error": reason})})
	})
	if err != nil {
		return fmt.Errorf("models: finish ingest job %d: %w", id, err)
	}
	return nil
}
