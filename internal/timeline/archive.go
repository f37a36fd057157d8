package timeline

import (
	"fmt"
	"strconv"
)

// DefaultPageSize is how many events one list page shows at most unless
// site.toml says otherwise (page_size).
const DefaultPageSize = 300

// An Archive is a list of events too long for one page, split into pages
// that each show at most a page size of events: one page per year; a year
// with more becomes an index of its months; a month with more, or the
// events of a year known only to the year, run over numbered parts. Pages
// are named by date ("2025/", "2025/09/", "2025/09/2/"), so an address keeps
// showing the same period as events are added.
type Archive struct {
	Years []*Period
	Total int
}

// A Period is one page of an archive: a year, a month of a year, or a
// further part of either.
type Period struct {
	Key   string // "2025", "2025-09", "2025-09/2": unique within its archive
	Path  string // below the list's own address: "2025/", "2025/09/", "2025/09/2/"
	Label string // "2025", "September 2025", "September 2025, part 2 of 3"
	// Events are those this page shows, in order: for a year split into
	// months, only the events dated to the year alone.
	Events []*Event
	Total  int       // events in the period, including its months and parts
	Months []*Period // a year's months, when they have pages of their own
	Parts  []*Period // every part of a period too long for one page, the first being the period's own page
	Year   *Period   // the year a month belongs to
}

// Archived splits events, already in order, into an Archive when there are
// more than size of them (size < 1 means DefaultPageSize); it returns nil
// when they fit on one page.
func Archived(events []*Event, size int) *Archive {
	if size < 1 {
		size = DefaultPageSize
	}
	if len(events) <= size {
		return nil
	}
	a := &Archive{Total: len(events)}
	for _, run := range runsBy(events, yearKey) {
		y := &Period{Key: run.key, Path: run.key + "/", Label: run.key, Total: len(run.events)}
		if len(run.events) <= size {
			y.Events = run.events
		} else {
			var loose []*Event
			for _, m := range runsBy(run.events, monthKey) {
				if m.key == "" {
					loose = append(loose, m.events...)
					continue
				}
				month := &Period{Key: m.key, Path: y.Path + m.key[5:] + "/", Label: m.events[0].When.Start.Format("January 2006"),
					Events: m.events, Total: len(m.events), Year: y}
				splitParts(month, size)
				y.Months = append(y.Months, month)
			}
			y.Events = loose
		}
		splitParts(y, size)
		a.Years = append(a.Years, y)
	}
	return a
}

// Pages lists every page of the archive: each year, its months, and their
// further parts, in order.
func (a *Archive) Pages() []*Period {
	var out []*Period
	for _, y := range a.Years {
		out = append(out, y.pages()...)
		for _, m := range y.Months {
			out = append(out, m.pages()...)
		}
	}
	return out
}

// pages is the period's own page and its further parts.
func (p *Period) pages() []*Period {
	if len(p.Parts) == 0 {
		return []*Period{p}
	}
	return p.Parts
}

// Of is the period whose pages a part belongs to: p itself unless p is a
// further part. Part numbers start at 1; the first part is the period.
func (p *Period) Of() *Period {
	if len(p.Parts) > 0 {
		return p.Parts[0]
	}
	return p
}

// InYear is the year page p belongs to: p's year for a month or a part of
// one, else p's first part.
func (p *Period) InYear() *Period {
	if p.Year != nil {
		return p.Year
	}
	return p.Of()
}

// splitParts gives p numbered parts when its own events do not fit on one
// page; the first part stays at p's own address.
func splitParts(p *Period, size int) {
	if len(p.Events) <= size {
		return
	}
	n := (len(p.Events) + size - 1) / size
	all := p.Events
	label := p.Label
	p.Parts = make([]*Period, n)
	for i := range n {
		part := p
		if i > 0 {
			part = &Period{Key: p.Key + "/" + strconv.Itoa(i+1), Path: p.Path + strconv.Itoa(i+1) + "/", Total: p.Total, Year: p.Year}
		}
		part.Label = fmt.Sprintf("%s, part %d of %d", label, i+1, n)
		part.Events = all[i*size : min((i+1)*size, len(all))]
		p.Parts[i] = part
	}
	for _, part := range p.Parts[1:] {
		part.Parts = p.Parts
		part.Months = nil
	}
}

// A run is a stretch of consecutive events with the same key.
type run struct {
	key    string
	events []*Event
}

// runsBy groups events, in order, by key. Events in order share a year (or
// month) in one stretch, except that zones can make a local date step
// back at a boundary; such an event joins the stretch of its own key, so
// each key has one run, in the order the keys first appear.
func runsBy(events []*Event, key func(*Event) string) []run {
	var runs []run
	index := map[string]int{}
	for _, e := range events {
		k := key(e)
		i, ok := index[k]
		if !ok {
			i = len(runs)
			index[k] = i
			runs = append(runs, run{key: k})
		}
		runs[i].events = append(runs[i].events, e)
	}
	return runs
}

// yearKey is the local year of an event's start, as four digits.
func yearKey(e *Event) string { return fmt.Sprintf("%04d", e.When.Start.Year()) }

// monthKey is the local year and month of an event's start ("2025-09"),
// or "" when the event is dated to the year only.
func monthKey(e *Event) string {
	if e.When.Precision < Month {
		return ""
	}
	return e.When.Start.Format("2006-01")
}
