package main

import (
	"context"
	"errors"
	"io"
)

func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("extract: not implemented yet")
}
