package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// boundHeap sets a soft limit on the memory a build may use, unless
// GOMEMLIMIT is set, and returns a function that widens it once the site
// is loaded. By default Go lets the heap grow to twice what is live before
// collecting; for a site of 100,000 events, whose model alone is most of a
// gigabyte, loading and rendering made a 2 GB process of garbage. The
// limit is heapFloor while loading, then the live model plus 512 MiB to
// render in, if that is more. A site whose heap stays small is not
// affected. (A site far bigger than 100,000 events would spend long in
// collection while loading under the floor: set GOMEMLIMIT for it.)
func boundHeap() (widen func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetMemoryLimit(heapFloor)
	return func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc+renderRoom < heapFloor {
			return // even with its garbage, it is under the floor
		}
		runtime.GC() // so that HeapAlloc is what is live
		runtime.ReadMemStats(&ms)
		debug.SetMemoryLimit(int64(max(heapFloor, ms.HeapAlloc+renderRoom)))
	}
}

// heapFloor is the least limit boundHeap sets: 1.25 GiB, under the 1.5 GiB
// a 100,000-event build is to stay within, with room for the rest of the
// process. renderRoom is what rendering is given above the live model.
const (
	heapFloor  = 1280 << 20
	renderRoom = 512 << 20
)
