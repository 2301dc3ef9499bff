package main

import (
	"context"
	"errors"
	"io"
)

func cmdDates(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("dates: not implemented yet")
}
