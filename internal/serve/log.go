package serve

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// timeLayout starts every line serve prints: a preview runs for hours, and
// the time tells which rebuild, error or notice came after which save.
const timeLayout = "15:04:05 "

// A logWriter starts every line written through it with the local time. It
// is the one writer for all that serve prints, so that no line goes out
// without its time: the rebuild lines, the watcher's notices and, through
// the command, the notices of slow rendering, which come from timers.
type logWriter struct {
	mu      sync.Mutex // writes come from several goroutines
	w       io.Writer
	now     func() time.Time
	midLine bool // the last write did not end its line, so the next goes on with it
}

// NewLog returns a writer to w that starts every line with the local time
// ("15:04:05 "). Given a writer it returned, it returns that writer, so
// that lines are never stamped twice.
func NewLog(w io.Writer) io.Writer {
	if l, ok := w.(*logWriter); ok {
		return l
	}
	return &logWriter{w: w, now: time.Now}
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	buf := make([]byte, 0, len(p)+len(timeLayout))
	for rest := p; len(rest) > 0; {
		if !l.midLine {
			buf = l.now().AppendFormat(buf, timeLayout)
		}
		line, after, ended := bytes.Cut(rest, []byte("\n"))
		buf = append(buf, line...)
		if ended {
			buf = append(buf, '\n')
		}
		l.midLine, rest = !ended, after
	}
	// One write per call, so that lines from different goroutines do not
	// interleave within the underlying writer.
	if _, err := l.w.Write(buf); err != nil {
		return 0, err
	}
	return len(p), nil
}
