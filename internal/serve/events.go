package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// A message is one Server-Sent Event.
type message struct {
	Event string // "ok", "error", "reload" or "css"
	Data  string // JSON, on one line
}

func (m message) write(w http.ResponseWriter) error {
	_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Event, m.Data)
	return err
}

// encodeProblems is the data of an "error" event listing probs.
func encodeProblems(probs []problem) string {
	data, err := json.Marshal(probs)
	if err != nil {
		return "[]"
	}
	return string(data) // json.Marshal escapes newlines, so this is one line
}

// setState records the current state, sent first to every new client, and
// sends it to the open ones when tell is set.
func (s *Server) setState(m message, tell bool) {
	s.mu.Lock()
	s.state = m
	s.mu.Unlock()
	if tell {
		s.broadcast(m)
	}
}

// broadcast sends m to every open event stream. A client too slow to take
// it misses it rather than holding up rebuilds; its next message (or its
// reconnection) brings it up to date.
func (s *Server) broadcast(m message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- m:
		default:
		}
	}
}

// subscribe registers a new event stream and returns its channel, already
// holding the current state.
func (s *Server) subscribe() chan message {
	c := make(chan message, 16)
	s.mu.Lock()
	defer s.mu.Unlock()
	c <- s.state
	s.clients[c] = struct{}{}
	return c
}

func (s *Server) unsubscribe(c chan message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, c)
}

// keepAlive is how often an idle stream gets a comment line, so that proxies
// keep it open and a closed tab is noticed.
const keepAlive = 20 * time.Second

// serveEvents streams messages to one page until it goes away.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	c := s.subscribe()
	defer s.unsubscribe(c)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	// A short retry makes pages reconnect quickly after a restart of serve.
	if _, err := fmt.Fprint(w, "retry: 500\n\n"); err != nil {
		return
	}
	for {
		if rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case m := <-c:
			if m.write(w) != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
		}
	}
}

// isEventsRequest reports whether rel (below the base path) is the event stream.
func isEventsRequest(rel string) bool { return strings.TrimSuffix(rel, "/") == eventsPath }
