package watch

import (
	"context"
	"slices"
	"time"
)

// Batch gathers the paths arriving on in into batches sent on out: a batch
// closes once no path arrived for quiet, or max after its first path, so a
// burst of writes (a checkout, a tool regenerating many files) turns into
// one rebuild instead of one per file. While out is not being read (a
// rebuild is running), later paths join the waiting batch. Each batch lists
// every path once, sorted. Batch returns when ctx is done or in is closed
// (after sending what it holds).
func Batch(ctx context.Context, in <-chan string, out chan<- []string, quiet, max time.Duration) {
	pending := map[string]bool{}
	var (
		quietT, maxT *time.Timer
		quietC, maxC <-chan time.Time
		ready        bool
		batch        []string // pending, sorted, once ready
		sendC        chan<- []string
		closedInput  bool
		stopTimers   = func() {
			if quietT != nil {
				quietT.Stop()
				maxT.Stop()
			}
			quietT, maxT, quietC, maxC = nil, nil, nil, nil
		}
	)
	defer stopTimers()
	for {
		sendC = nil
		if ready {
			sendC = out
		}
		if closedInput && !ready {
			return
		}
		if ready && batch == nil {
			batch = sortedPaths(pending)
		}
		var inC <-chan string
		if !closedInput {
			inC = in
		}
		select {
		case <-ctx.Done():
			return
		case p, ok := <-inC:
			if !ok {
				closedInput = true
				ready = len(pending) > 0
				stopTimers()
				continue
			}
			if !pending[p] {
				pending[p] = true
				batch = nil
			}
			if ready {
				continue // the batch waits for its reader; this path joins it
			}
			if quietT == nil {
				quietT, maxT = time.NewTimer(quiet), time.NewTimer(max)
				quietC, maxC = quietT.C, maxT.C
			} else {
				quietT.Reset(quiet)
			}
		case <-quietC:
			ready = true
			stopTimers()
		case <-maxC:
			ready = true
			stopTimers()
		case sendC <- batch:
			pending, batch, ready = map[string]bool{}, nil, false
		}
	}
}

func sortedPaths(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
