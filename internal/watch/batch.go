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

// An Op is what happened to a path, as far as batching needs to know.
type Op uint8

const (
	Modified Op = iota // written to, or changed in a way not told apart
	Created            // appeared: created, or renamed or moved to this name
	Removed            // went away: removed, or renamed or moved elsewhere
)

// A Change is one thing that happened to one path.
type Change struct {
	Path string // slash-separated, relative to the watched root
	Op   Op
}

// Batch gathers the changes arriving on in into batches of paths sent on
// out: a batch closes once no change arrived for the quiet time of w, or
// w.Max after its first change. While out is not being read (a rebuild is
// running), later changes join the waiting batch. Each batch lists every
// path once, sorted, leaving out the paths that appeared and went away
// again within it: the temporary file that "sed -i" or a tool writes and
// renames over the real one was never part of the site, so it is neither
// rebuilt for nor named. A batch left with no path is not sent. Batch
// returns when ctx is done or in is closed (after sending what it holds).
func Batch(ctx context.Context, in <-chan Change, out chan<- []string, w Window) {
	b := &batcher{w: w, pending: map[string]*pathState{}}
	defer b.stopTimers()
	for {
		if b.ready && b.sorted == nil {
			b.sorted = b.paths()
			if len(b.sorted) == 0 {
				// Only files that came and went: nothing to rebuild.
				b.pending, b.sorted, b.ready = map[string]*pathState{}, nil, false
			}
		}
		if b.closedInput && !b.ready {
			return
		}
		var sendC chan<- []string
		if b.ready {
			sendC = out
		}
		var inC <-chan Change
		if !b.closedInput {
			inC = in
		}
		select {
		case <-ctx.Done():
			return
		case c, ok := <-inC:
			if !ok {
				b.closedInput, b.ready = true, len(b.pending) > 0
				b.stopTimers()
				continue
			}
			b.add(c, time.Now())
		case <-b.quietC:
			b.close()
		case <-b.maxC:
			b.close()
		case sendC <- b.sorted:
			b.pending, b.sorted, b.ready = map[string]*pathState{}, nil, false
		}
	}
}

// batcher is the state of one Batch.
type batcher struct {
	w            Window
	pending      map[string]*pathState
	sorted       []string // the paths to send, sorted, once ready
	ready        bool     // the batch is closed and waits for its reader
	closedInput  bool
	burst        bool      // the open batch is waited out with BurstQuiet
	lastBurst    time.Time // when the last path of a burst arrived
	quietT, maxT *time.Timer
	quietC, maxC <-chan time.Time
}

// pathState is what one batch saw happen to one path.
type pathState struct {
	appeared bool // its first change in the batch was Created
	gone     bool // its last change in the batch was Removed
}

// transient reports whether the path came and went within the batch. A
// file replaced by a rename (appeared, still there) is not transient, nor is
// one that was there before and was removed (gone, but it did not appear).
func (s *pathState) transient() bool { return s.appeared && s.gone }

func (b *batcher) add(c Change, now time.Time) {
	st := b.pending[c.Path]
	if st == nil {
		st = &pathState{appeared: c.Op == Created}
		b.pending[c.Path] = st
	}
	st.gone = c.Op == Removed
	b.sorted = nil // a change can add a path or make one transient, or no longer so
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

// paths lists the pending paths that are not transient, sorted.
func (b *batcher) paths() []string {
	out := make([]string, 0, len(b.pending))
	for p, st := range b.pending {
		if !st.transient() {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}
