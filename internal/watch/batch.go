package watch

import (
	"context"
	"slices"
	"time"
)

// A Window says when a batch of changed paths closes. A single save (one
// file, however many events the editor makes of it) closes after Quiet, so
// the preview follows at once; a burst (a checkout, a tool regenerating
// many files) is waited out with the longer BurstQuiet, so that it costs
// one or two rebuilds instead of one per pause in the stream.
type Window struct {
	// Quiet closes a batch of fewer than BurstSize paths once no path
	// arrived for this long.
	Quiet time.Duration
	// BurstQuiet replaces Quiet once a batch holds BurstSize paths, and for
	// the batch after such a burst when it starts within BurstQuiet of the
	// burst's last path (the tail of a long burst).
	BurstQuiet time.Duration
	BurstSize  int
	// Max closes a batch at the latest this long after its first path, so
	// that a steady trickle still shows.
	Max time.Duration
}

// DefaultWindow suits editing by hand and checkouts alike: 25 ms is longer
// than the gap between the events of one editor save, and 8 distinct
// files within one batch is more than one save touches.
var DefaultWindow = Window{Quiet: 25 * time.Millisecond, BurstQuiet: 200 * time.Millisecond, BurstSize: 8, Max: 2 * time.Second}

// Batch gathers the paths arriving on in into batches sent on out: a batch
// closes once no path arrived for the quiet time of w, or w.Max after its
// first path. While out is not being read (a rebuild is running), later
// paths join the waiting batch. Each batch lists every path once, sorted.
// Batch returns when ctx is done or in is closed (after sending what it
// holds).
func Batch(ctx context.Context, in <-chan string, out chan<- []string, w Window) {
	b := &batcher{w: w, pending: map[string]bool{}}
	defer b.stopTimers()
	for {
		if b.closedInput && !b.ready {
			return
		}
		var sendC chan<- []string
		if b.ready {
			sendC = out
			if b.sorted == nil {
				b.sorted = sortedPaths(b.pending)
			}
		}
		var inC <-chan string
		if !b.closedInput {
			inC = in
		}
		select {
		case <-ctx.Done():
			return
		case p, ok := <-inC:
			if !ok {
				b.closedInput, b.ready = true, len(b.pending) > 0
				b.stopTimers()
				continue
			}
			b.add(p, time.Now())
		case <-b.quietC:
			b.close()
		case <-b.maxC:
			b.close()
		case sendC <- b.sorted:
			b.pending, b.sorted, b.ready = map[string]bool{}, nil, false
		}
	}
}

// batcher is the state of one Batch.
type batcher struct {
	w            Window
	pending      map[string]bool
	sorted       []string // pending, sorted, once ready
	ready        bool     // the batch is closed and waits for its reader
	closedInput  bool
	burst        bool      // the open batch is waited out with BurstQuiet
	lastBurst    time.Time // when the last path of a burst arrived
	quietT, maxT *time.Timer
	quietC, maxC <-chan time.Time
}

func (b *batcher) add(p string, now time.Time) {
	if !b.pending[p] {
		b.pending[p] = true
		b.sorted = nil
	}
	if b.ready {
		return // the batch waits for its reader; this path joins it
	}
	if b.quietT == nil {
		b.burst = !b.lastBurst.IsZero() && now.Sub(b.lastBurst) < b.w.BurstQuiet
		b.quietT, b.maxT = time.NewTimer(b.quiet()), time.NewTimer(b.w.Max)
		b.quietC, b.maxC = b.quietT.C, b.maxT.C
	} else {
		b.burst = b.burst || len(b.pending) >= b.w.BurstSize
		b.quietT.Reset(b.quiet())
	}
	if b.burst {
		b.lastBurst = now
	}
}

func (b *batcher) quiet() time.Duration {
	if b.burst {
		return b.w.BurstQuiet
	}
	return b.w.Quiet
}

func (b *batcher) close() {
	b.ready = true
	b.stopTimers()
}

func (b *batcher) stopTimers() {
	if b.quietT != nil {
		b.quietT.Stop()
		b.maxT.Stop()
	}
	b.quietT, b.maxT, b.quietC, b.maxC = nil, nil, nil, nil
}

func sortedPaths(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
