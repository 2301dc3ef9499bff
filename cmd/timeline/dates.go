package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"timeline/extract/dates"
)

// dateLine is one line of `timeline dates` output: the normalised range of a
// phrase, or why it has none.
type dateLine struct {
	Text      string `json:"text"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
	Precision string `json:"precision,omitempty"`
	Error     string `json:"error,omitempty"`
}

// cmdDates normalises each phrase against a reference date and prints one
// JSON line per phrase, in order. A phrase that is not a date is reported on
// its line, not as a failure: the command fails only on bad usage.
func cmdDates(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dates", flag.ContinueOnError)
	fs.SetOutput(stderr)
	refFlag := fs.String("ref", "", "reference (publication) `date`, YYYY-MM-DD (default today)")
	preferFlag := fs.String("prefer", "past", "`past|future`: where underspecified dates (\"Sunday\", \"in May\") resolve")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: timeline dates [--ref YYYY-MM-DD] [--prefer past|future] PHRASE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: 2, err: fmt.Errorf("dates: %w", err)}
	}
	usage := func(err error) error {
		fs.Usage()
		return &exitError{code: 2, err: fmt.Errorf("dates: %w", err)}
	}
	ref := time.Now()
	if *refFlag != "" {
		t, err := time.Parse(time.DateOnly, *refFlag)
		if err != nil {
			return usage(fmt.Errorf("--ref %q: want YYYY-MM-DD", *refFlag))
		}
		ref = t
	}
	var prefer dates.Prefer
	switch *preferFlag {
	case "past":
		prefer = dates.PreferPast
	case "future":
		prefer = dates.PreferFuture
	default:
		return usage(fmt.Errorf("--prefer %q: want past or future", *preferFlag))
	}
	if fs.NArg() == 0 {
		return usage(errors.New("no phrase given"))
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, phrase := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := dateLine{Text: phrase}
		if r, err := dates.Parse(phrase, ref, prefer); err != nil {
			line.Error = err.Error()
		} else {
			line.Start = r.Start.Format(time.DateOnly)
			line.End = r.End.Format(time.DateOnly)
			line.Precision = string(r.Precision)
		}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("dates: %w", err)
		}
	}
	return nil
}
