//go:build !unix

package main

import "time"

// cpuTime is not measured here: results carry no cpuSeconds.
func cpuTime() time.Duration { return 0 }
