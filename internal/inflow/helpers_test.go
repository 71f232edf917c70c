package inflow

import (
	"errors"
	"fmt"
)

var errPlain = errors.New("disk on fire at /secret/path")

func fmtErr(err error) error { return fmt.Errorf("open item: %w", err) }
