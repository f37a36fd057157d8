package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestBoundHeap: without GOMEMLIMIT a build runs under the floor, which a
// small site's heap never widens; with it, the user's limit stands.
func TestBoundHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	debug.SetMemoryLimit(math.MaxInt64)
	widen := boundHeap()
	if got := debug.SetMemoryLimit(-1); got != heapFloor {
		t.Errorf("limit while loading = %d, want %d", got, heapFloor)
	}
	widen()
	if got := debug.SetMemoryLimit(-1); got != heapFloor {
		t.Errorf("limit after a small site's load = %d, want the floor %d", got, heapFloor)
	}

	t.Setenv("GOMEMLIMIT", "4GiB")
	debug.SetMemoryLimit(4 << 30)
	boundHeap()()
	if got := debug.SetMemoryLimit(-1); got != 4<<30 {
		t.Errorf("limit with GOMEMLIMIT set = %d, want it untouched", got)
	}
}
