package main

import (
	"context"
	"errors"
	"io"
)

func cmdIngest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("ingest: not implemented yet")
}
